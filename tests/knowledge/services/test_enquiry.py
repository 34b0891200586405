"""Questions about a service item answered from its own facts."""

from __future__ import annotations

import pytest

from knowledge.services.catalogue import load_catalogue
from knowledge.services.enquiry import aspect_of, aspects, item_facts, states
from knowledge.services.references import ReferenceIndex
from knowledge.texts import text

NOTHING_IMPORTED = ReferenceIndex([], [])


@pytest.mark.parametrize(
    ("message", "aspect"),
    [
        ("申请要交哪些资料", "materials"),
        ("大概几个工作日能批", "time_limit"),
        ("办这个收不收费", "fee"),
        ("网上能办吗", "where"),
        ("我们厂需不需要办", "need"),
        ("具体流程是怎样的", "steps"),
        ("放射源当日作业备案具体咋操作", "steps"),
        ("免罚自查要收费不", "fee"),
        ("这种也要做环评类别自查吗", "need"),
        ("排污证续期几时能好", "time_limit"),
    ],
)
def test_aspect_from_cue_words(message: str, aspect: str) -> None:
    found = aspect_of(message)
    assert found is not None and found.id == aspect


def test_a_cue_that_means_something_else_is_not_an_aspect() -> None:
    assert aspect_of("排污许可证有效期多久") is None
    assert aspect_of("环评报告要公示多久") is None
    assert aspect_of("处罚记录要挂多久") is None  # how long a record stays, not a time limit
    assert aspect_of("处罚记录在网上要挂多久") is None  # where it is shown is no place to apply
    assert aspect_of("超标记录网上能查到吗") is None
    online = aspect_of("信用修复能网上办吗")
    assert online is not None and online.id == "where"


@pytest.mark.parametrize(
    "question",
    [
        "首次轻微违法会罚钱吗",
        "轻微违法罚多少钱",
        "没办排污许可证会罚钱吗",
        "排污许可证是依据什么文件发的",
        "环评报告书和报告表区别在哪",
        "放射源丢了归谁管",
        "执法人员去现场检查要出示证件吗",
        "什么地方不能建养殖场",
        "环评报告由哪个单位编制",
        "排污许可证被责令整改以后怎么整改",
        "土壤污染了怎么修复",
        "危险废物最长能存几个月",
        "污染了别人的鱼塘谁出钱",
        "没办环评不办会怎么样",
    ],
)
def test_a_question_about_the_law_asks_no_aspect_of_an_item(question: str) -> None:
    """The colloquial cues stay specific: a fine is no fee, 在哪 alone is no office, 怎么整改 is
    no procedure of an item (with an item recognised, an aspect would replace the clause)."""
    assert aspect_of(question) is None


@pytest.mark.parametrize(
    ("message", "aspect"),
    [
        # the cue is context; the question asks whether this is lawful or what follows
        ("证还没批下来，老板想先开工，被查到罚多少", None),
        ("窗口让我们补了三次材料，每次都说还差别的，这样合理吗", None),
        ("我们要带探伤机来上海做检测，来之前需要办哪些手续", "need"),
        ("我们材料都交齐了，现在可以开工吗", None),
        ("排污证延续的材料交上去了，能不能先生产", None),
        # a question with a cue of its own is read on its own
        ("排污证续期的材料准备好了，还要等几天", "time_limit"),
        ("被处罚的记录进了信用平台，整改完了以后我们还有什么办法", None),
        # the question only points back at its context: the context's cue counts
        ("听说延续要交一笔费用，是真的吗？大概多少", "fee"),
        # 啥 and 咋 ask as 什么 and 怎么 do: the first clause is a question, not context
        ("办叉车环保标志要准备啥，有营业执照就行了吗", "materials"),
    ],
)
def test_the_aspect_is_read_from_the_question_before_its_context(message: str, aspect: str | None) -> None:
    found = aspect_of(message)
    assert (found.id if found else None) == aspect


def test_every_aspect_has_a_title_and_cues() -> None:
    assert {a.id for a in aspects()} == {"materials", "fee", "time_limit", "where", "need", "steps"}
    assert all(a.title and a.cues for a in aspects())


def test_every_aspect_but_need_names_how_a_clause_states_it() -> None:
    """``in_law``: a clause that says a period, a fee, an authority … (need is always the law's)."""
    by_id = {a.id: a for a in aspects()}
    assert all(a.in_law for a in aspects() if a.id != "need")
    assert by_id["time_limit"].stated_in("自受理之日起二十日内作出决定")
    assert not by_id["fee"].stated_in("所有者应当向区生态环境部门申报机械的种类、数量")


def test_whether_the_catalogue_states_an_aspect_or_leaves_it_to_a_placeholder() -> None:
    catalogue = load_catalogue()
    machinery, permit = catalogue.get("nonroad_machinery"), catalogue.get("pollutant_permit")
    assert machinery is not None and permit is not None
    fee, limit = aspect_of("要交钱吗"), aspect_of("多久能办好")
    assert fee is not None and limit is not None
    assert not states(machinery, fee) and not states(machinery, limit)
    assert states(permit, fee) and states(permit, limit)


def test_stated_facts_carry_their_basis_and_placeholders_show_as_such() -> None:
    item = load_catalogue().get("nonroad_machinery")
    assert item is not None
    materials = item_facts(item, aspect_of("要带什么材料"), NOTHING_IMPORTED)
    assert materials.title == "申请材料"
    assert (
        materials.lines[0].startswith("1. 非道路移动机械的种类、数量、使用场所") and "第四十一条" in materials.lines[0]
    )
    assert materials.lines[-1] == f"{len(item.materials)}. {text('fact_placeholder')}"
    where = item_facts(item, aspect_of("去哪办"), NOTHING_IMPORTED)
    assert where.lines[0].startswith("受理部门：机械使用地所在区的生态环境部门")
    assert where.lines[1] == "办理入口：" + text("fact_placeholder")


def test_facts_cite_their_own_basis_first_then_the_items_legal_basis() -> None:
    item = load_catalogue().get("pollutant_permit")
    assert item is not None and item.fee is not None and item.fee.basis is not None
    facts = item_facts(item, aspect_of("收费吗"), NOTHING_IMPORTED)
    assert facts.basis == [item.fee.basis.plain(), *(r.plain() for r in item.legal_basis)]
    first = facts.citations[0]
    assert (first.document, first.article) == (item.fee.basis.document, item.fee.basis.article)


def test_a_fee_question_about_an_item_without_a_fee_is_no_fee_question() -> None:
    """「举报奖金有多少钱」 asks how much the reward is, not what the bureau charges."""
    reward, permit = load_catalogue().get("report_reward"), load_catalogue().get("pollutant_permit")
    assert reward is not None and permit is not None
    fee = aspect_of("有多少钱")
    assert fee is not None and fee.id == "fee"
    assert not fee.applies_to(reward) and fee.applies_to(permit)


def test_a_deadline_before_expiry_is_the_laws_not_the_bureaus_time_limit() -> None:
    assert aspect_of("排污许可证到期前多久申请延续") is None


@pytest.mark.parametrize("question", ["单位地址变了，要在多久内去改排污许可证", "换了法人以后几天内要去办变更"])
def test_a_deadline_the_user_must_meet_is_the_laws_not_the_bureaus_time_limit(question: str) -> None:
    assert aspect_of(question) is None
    for bureau in ("排污许可证变更多久能办好", "排污许可证多久内办好", "环评审批要在几天内办完"):
        limit = aspect_of(bureau)
        assert limit is not None and limit.id == "time_limit"


def test_conditional_materials_say_so() -> None:
    item = load_catalogue().get("pollutant_permit")
    assert item is not None
    lines = item_facts(item, aspect_of("需要什么材料"), NOTHING_IMPORTED).lines
    conditional = [f for f in item.materials if f.when]
    assert conditional and sum(line.endswith(text("fact_conditional")) for line in lines) == len(conditional)


def test_without_an_aspect_the_item_is_introduced() -> None:
    item = load_catalogue().get("credit_repair")
    assert item is not None
    facts = item_facts(item, None, NOTHING_IMPORTED)
    assert facts.lines == [item.description, text("service_need_check")]
