"""Words for numbers, so period-dependent sentences are generated rather than typed.

Numbers are rounded here, for display only: figures.json keeps them unrounded.
"""

from __future__ import annotations

import math

_SMALL = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth",
          7: "seventh", 8: "eighth", 9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth"}
_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve").split()


def count(value: float) -> str:
    """A whole number with thousands separators: 5285 -> '5,285'."""
    return f"{int(round(value)):,}"


def number_word(value: int) -> str:
    """Numbers up to twelve in words (house style), larger ones in figures."""
    return _WORDS[value] if 0 <= value <= 12 else count(value)


def percent(value: float, places: int = 1) -> str:
    """A percentage for display: 4.861 -> '4.9%'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not available"
    return f"{abs(value):.{places}f}%"


def ordinal(rank: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th'."""
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def change_phrase(current: float, previous: float, places: int = 1) -> str:
    """'a rise of 4.9%' / 'a fall of 12.0%' / 'no change', from the two counts."""
    if previous == 0:
        return "no previous figure to compare with"
    change = (current - previous) / previous * 100
    if round(change, places) == 0:
        return "no change"
    return f"a {'rise' if change > 0 else 'fall'} of {percent(change, places)}"


def moved(current: float, previous: float) -> str:
    """'increased from 5,040 to 5,285' / 'fell from 43 to 19' / 'stayed at 2'."""
    if current == previous:
        return f"stayed at {count(current)}"
    verb = "increased" if current > previous else "fell"
    return f"{verb} from {count(previous)} to {count(current)}"


def rank_phrase(rank: int, total: int, measure: str = "", group: str = "Kent districts") -> str:
    """Where a rank of 1 = lowest stands: 'the lowest', 'the second lowest', 'the highest' of N."""
    measure = f" {measure}" if measure else ""
    if rank == 1:
        place = "the lowest"
    elif rank == total:
        place = "the highest"
    elif rank <= total / 2:
        place = f"the {_SMALL.get(rank, ordinal(rank))} lowest"
    else:
        from_top = total - rank + 1
        place = f"the {_SMALL.get(from_top, ordinal(from_top))} highest"
    return f"{place}{measure} of the {number_word(total)} {group}"


def listing(items) -> str:
    """'a, b and c'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
