from cspanalysis import narrative


def test_change_phrase_computes_from_counts():
    # the plan printed 4.7%; 5040 -> 5285 is +4.86%
    assert narrative.change_phrase(5285, 5040) == "a rise of 4.9%"
    assert narrative.change_phrase(423, 482, places=0) == "a fall of 12%"
    assert narrative.change_phrase(2, 2) == "no change"


def test_moved():
    assert narrative.moved(5285, 5040) == "increased from 5,040 to 5,285"
    assert narrative.moved(19, 43) == "fell from 43 to 19"
    assert narrative.moved(2, 2) == "stayed at 2"


def test_rank_phrase_lowest_first():
    assert narrative.rank_phrase(1, 12, "crime rate") == "the lowest crime rate of the twelve Kent districts"
    assert narrative.rank_phrase(2, 12) == "the second lowest of the twelve Kent districts"
    assert narrative.rank_phrase(11, 12) == "the second highest of the twelve Kent districts"
    assert narrative.rank_phrase(12, 12) == "the highest of the twelve Kent districts"


def test_ordinal_and_listing():
    assert [narrative.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd"]
    assert narrative.listing(["Park", "Culverden", "Sherwood"]) == "Park, Culverden and Sherwood"
    assert narrative.number_word(7) == "seven" and narrative.number_word(44) == "44"
