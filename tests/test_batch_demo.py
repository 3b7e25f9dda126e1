"""The review of another district than the config's (a batch run) on the demo world: it publishes,
its figures are its own, and it holds none of the configured partnership's partner returns."""

import json
import shutil
import uuid

import pandas as pd
import pytest

from cspanalysis import paths
from cspanalysis.config import DISTRICT_SOURCES, load_config
from cspanalysis.errors import ConfigError
from cspanalysis.registry import load_registry
from cspanalysis.report import Section
from tests.demo.conftest import demo_world  # noqa: F401  (the session fixture: the built demo world)

CONFIG = paths.PROJ_ROOT / "config" / "tunbridge-wells-2016-17.yml"
DISTRICT = "Sevenoaks"

#: the figures the sections take from the partner returns (Tunbridge Wells CSP's partners), written by hand
#: from the notebooks; the vulnerable victims section adds one per registry measure of its section
PARTNER_FIGURES = {
    "davss_referrals", "davss_referrals_high_risk", "davss_referrals_standard_medium", "marac_new_cases",
    "marac_repeat_cases", "cdap_men_supported", "isva_victims_supported", "sanctuary_properties",
    "speedwatch_letters", "speedwatch_locations", "speedwatch_letters_hawkhurst",
    "speedwatch_letters_five_oak_green_tudeley",
    "street_pastors_people_engaged", "street_pastors_ambulance_calls", "street_pastors_police_calls",
    "street_pastors_cctv_calls", "stp_violence_exclusions", "cctv_violent_incidents", "clo_hate_cases",
    "cgl_structured_treatment", "addaction_young_people", "addaction_started_treatment", "addaction_left_treatment",
    "addaction_in_treatment", "kydis_referrals", "dust_staff_trained", "class_a_supply_arrests",
    "actions_domestic_abuse", "actions_road_safety", "actions_substance_misuse", "actions_vulnerable_victims",
}
#: the sections that use partner returns: each says it holds none for another district
PARTNER_SECTIONS = ("01_domestic_abuse", "02_road_safety", "03_violent_crime", "04_substance_misuse", "05_asb",
                    "06_vulnerable_victims")


def test_another_districts_review_leaves_out_the_district_only_sources():
    config = load_config(CONFIG)
    other = config.with_district(DISTRICT)
    assert DISTRICT_SOURCES == {"partner_returns"}
    assert "partner_returns" in config.sources and "partner_returns" not in other.sources
    assert {n: p for n, p in config.sources.items() if n != "partner_returns"} == other.sources
    assert (other.review, other.district, other.published) == ("sevenoaks-2016-17", DISTRICT, None)
    # the configured district's own review keeps them
    assert "partner_returns" in config.with_district("Tunbridge Wells").sources


def test_a_section_without_partner_returns_says_so_and_refuses_the_table(tmp_path):
    config = load_config(CONFIG)
    section = Section("overview", config.with_district(DISTRICT), tmp_path, tmp_path)
    (tmp_path / "partner_returns.parquet").write_bytes(b"")  # the configured district's table may be on disk
    assert not section.has_source("partner_returns") and section.has_source("police_crimes")
    with pytest.raises(ConfigError, match=r"the review of Sevenoaks has no source 'partner_returns'.*has_source"):
        section.data("partner_returns")
    assert Section("overview", config, tmp_path, tmp_path).has_source("partner_returns")


@pytest.fixture(scope="module")
def batch(demo_world, tmp_path_factory):  # noqa: F811
    """The batch run of Sevenoaks alone, from a copy of the Tunbridge Wells config on the demo world."""
    from cspanalysis.run import run_batch

    folder = tmp_path_factory.mktemp("batch")
    data_dir = folder / f"demo-pytest-batch-{uuid.uuid4().hex[:8]}"  # its own data/processed cache
    data_dir.symlink_to(demo_world, target_is_directory=True)
    text = CONFIG.read_text(encoding="utf-8").replace("data_dir: data/raw/demo", f"data_dir: {data_dir}")
    assert str(data_dir) in text
    config = folder / "review.yml"
    config.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paths, "OUTPUTS_DIR", folder / "outputs")
        try:
            yield run_batch(config, [DISTRICT], progress=lambda _: None)
        finally:
            shutil.rmtree(paths.PROCESSED_DIR / data_dir.name, ignore_errors=True)


@pytest.mark.e2e
def test_another_district_publishes_its_own_review(batch):
    assert batch.ok, batch.failures
    folder = batch.results[DISTRICT].folder
    assert folder.name == "sevenoaks-2016-17" and (folder / "review.html").exists()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["district"] == DISTRICT and "partner_returns" not in manifest["inputs"]


@pytest.mark.e2e
def test_its_crime_total_is_its_own(batch, demo_world):  # noqa: F811
    crimes = pd.read_csv(demo_world / "police_crimes" / "crimes.csv", encoding="utf-8-sig", dtype=str)
    recorded = pd.to_datetime(crimes["Recorded Date"], format="%d/%m/%Y")
    # the extract pads some district names with spaces, and repeats some rows: count distinct crimes
    here = crimes["District"].str.strip() == DISTRICT
    year = (recorded >= "2015-10-01") & (recorded <= "2016-09-30") & here
    expected = crimes.loc[year, "Crime Reference"].nunique()
    figures = json.loads((batch.results[DISTRICT].folder / "figures.json").read_text())
    assert expected > 0 and figures["crime_total"] == expected


@pytest.mark.e2e
def test_it_shows_no_partner_returns(batch):
    folder = batch.results[DISTRICT].folder
    figures = json.loads((folder / "figures.json").read_text())
    vulnerable = {f"{m.agency}_{m.id}" for m in load_registry().list_measures("vulnerable_victims")}
    assert not (PARTNER_FIGURES | vulnerable) & set(figures)
    tables = {p.name for p in (folder / "tables").glob("*.csv")}
    assert not [t for t in tables if "partner" in t or t.startswith(("action_plans-", "road_safety-speed-watch"))]
    page = (folder / "review.html").read_text(encoding="utf-8")
    assert page.count(f"No partner returns are held for {DISTRICT} in this run") == len(PARTNER_SECTIONS)
    assert f"not {DISTRICT}'s: no partner returns are held for {DISTRICT} in this run" in page  # the action plans


@pytest.mark.e2e
def test_it_counts_no_town_centre_or_village_of_the_configured_district(batch):
    folder = batch.results[DISTRICT].folder
    figures = json.loads((folder / "figures.json").read_text())
    assert "drunk_arrests" in figures  # the borough's own arrests are counted
    assert not {"drunk_arrests_town_centre", "drunk_incidents_town_centre", "sexual_offences_frittenden"} & set(figures)
    page = (folder / "review.html").read_text(encoding="utf-8")
    assert "No town-centre wards are set for this district" in page
    assert "No named places are set for this district" in page
