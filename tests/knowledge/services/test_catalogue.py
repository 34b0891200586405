from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.services.catalogue import SERVICES_DIR, CatalogueError, ServiceItem, load_catalogue
from knowledge.texts import text

CATALOGUE = load_catalogue()
SEED_ITEMS = {"建设项目环评审批", "非道路移动机械环保标志", "有奖举报奖金发放", "放射源当日作业备案"}


def test_the_bundled_catalogue_has_the_seed_items_and_the_issue_items() -> None:
    names = {item.name for item in CATALOGUE}
    assert names >= SEED_ITEMS
    assert {"环评类别自查", "排污许可证申请与延续", "环保信用修复", "轻微违法免罚自查"} <= names


@pytest.mark.parametrize("item", list(CATALOGUE), ids=lambda i: i.id)
def test_every_item_is_complete(item: ServiceItem) -> None:
    assert item.questions and item.materials and item.steps and item.legal_basis
    assert any(rule.outcome == "not_eligible" for rule in item.rules), "every item can say no, with a reason"
    for q in item.questions:
        assert q.prompt and q.reprompt and q.reprompt != q.prompt


@pytest.mark.parametrize(
    ("text", "item_id"),
    [
        ("我要办排污许可证", "pollutant_permit"),
        ("排污证延续", "pollutant_permit"),
        ("挖掘机上牌怎么办", "nonroad_machinery"),
        ("举报奖金怎么领", "report_reward"),
        ("放射源备案", "radioactive_source_filing"),
        ("信用修复", "credit_repair"),
        ("能不能免罚", "minor_violation_exemption"),
        ("环评审批", "eia_approval"),
        ("环评类别", "eia_category_check"),
        ("pollutant_permit", "pollutant_permit"),
    ],
)
def test_items_are_found_by_name_alias_or_id(text: str, item_id: str) -> None:
    item = CATALOGUE.resolve(text)
    assert item is not None and item.id == item_id


def test_placeholders_are_listed_not_invented() -> None:
    item = CATALOGUE.get("report_reward")
    assert item is not None
    assert "申领奖金所需材料清单" in item.placeholders()
    assert item.fee is None
    assert text("fact_placeholder") == "请以业务部门公布为准"


VALID = yaml.safe_load((SERVICES_DIR / "08_minor_violation_exemption.yml").read_text("utf-8"))


def _broken(change: str) -> dict:  # type: ignore[type-arg]
    data = yaml.safe_load(yaml.safe_dump(VALID, allow_unicode=True))
    if change == "unknown question in a rule":
        data["rules"][0]["when"] = {"no_such_question": True}
    elif change == "option that does not exist":
        data["rules"][1]["when"] = {"harm": "很严重"}
    elif change == "yes/no compared with text":
        data["rules"][0]["when"] = {"corrected": "否"}
    elif change == "fact with text and placeholder":
        data["time_limit"] = {"text": "5日", "placeholder": "办理时限"}
    elif change == "question without reprompt":
        del data["questions"][0]["reprompt"]
    elif change == "choice without options":
        del data["questions"][1]["options"]
    elif change == "dependency on a later question":
        data["questions"][0]["ask_if"] = {"harm": "危害后果轻微"}
    elif change == "unknown field":
        data["phone"] = "12345"
    return data  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "change",
    [
        "unknown question in a rule",
        "option that does not exist",
        "yes/no compared with text",
        "fact with text and placeholder",
        "question without reprompt",
        "choice without options",
        "dependency on a later question",
        "unknown field",
    ],
)
def test_a_broken_item_is_refused_with_its_file_name(tmp_path: Path, change: str) -> None:
    (tmp_path / "broken.yml").write_text(yaml.safe_dump(_broken(change), allow_unicode=True), "utf-8")
    with pytest.raises(CatalogueError, match=r"broken\.yml"):
        load_catalogue(tmp_path)


def test_two_files_with_one_id_are_refused(tmp_path: Path) -> None:
    for name in ("a.yml", "b.yml"):
        (tmp_path / name).write_text(yaml.safe_dump(VALID, allow_unicode=True), "utf-8")
    with pytest.raises(CatalogueError, match="duplicate"):
        load_catalogue(tmp_path)


@pytest.mark.parametrize(
    ("message", "excluded"),
    [
        ("安全生产许可证快到期了怎么续", True),  # another authority's permit only
        ("有了安全生产许可证，还要办排污许可证吗", False),  # the item named by an alias too
        ("安全生产许可证副本丢了，去哪补", True),  # 许可证副本, an object, is any permit's
    ],
)
def test_what_only_looks_like_an_item_excludes_it_unless_the_item_is_named(message: str, excluded: bool) -> None:
    assert load_catalogue().get("pollutant_permit").excluded_by(message) is excluded


@pytest.mark.parametrize(
    ("message", "excluded"),
    [
        ("料位计上的放射源被偷了，要报哪些部门", True),  # an accident to report, not a day's filing
        ("厂里有几枚闲置放射源，厂家倒闭退不回去，怎么处理", True),  # radioactive waste
        ("下周去工地做γ射线探伤，要提前报备吗", False),
    ],
)
def test_a_lost_or_disused_source_is_not_a_days_work_filing(message: str, excluded: bool) -> None:
    assert load_catalogue().get("radioactive_source_filing").excluded_by(message) is excluded
