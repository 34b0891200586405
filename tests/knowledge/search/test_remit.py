"""Another department's matter: named topics, the bureau's subjects first, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.search.remit import Remit, RemitError
from knowledge.search.searcher import Searcher


@pytest.mark.parametrize(
    ("question", "department"),
    [
        ("营业执照地址变更要带什么材料", "市场监督管理部门"),
        ("营业执照地址变更在一网通办上怎么办", "市场监督管理部门"),  # 一网通办 is no subject of the bureau's
        ("电子营业执照怎么下载", "市场监督管理部门"),
        ("驾驶证电子证照在随申办哪里申领", "公安部门"),  # 电子证照 alone is no subject of the bureau's
        ("食品经营许可证的电子证照怎么下载", "市场监督管理部门"),
        ("营业执照电子版丢了，纸质原件怎么补办", "市场监督管理部门"),  # no paper demanded despite it
        ("公司增值税专用发票怎么申请？", "税务部门"),
        ("员工工伤认定找谁", "人力资源和社会保障部门"),
        ("新租的厂房要做消防验收，应该找哪个部门", "住房和城乡建设管理部门"),
        # the context says who asks (废气, 污水); the question is another department's
        ("我们厂管废气设备的员工要离职，社保补缴怎么办", "人力资源和社会保障部门"),
        ("合同到期不续签，经济补偿金怎么算", "人力资源和社会保障部门"),
        ("污水站旁边想加盖一间仓库。施工许可证要去哪里办？", "住房和城乡建设管理部门"),
        ("周六会不会下雨，仓库门口的地坪想这两天做", "气象部门"),  # a forecast, whatever it is for
        ("老板被法院限制高消费了，公司还能订机票吗", "人民法院"),
        ("对方欠货款不还，想申请支付令", "人民法院"),
        ("网上买了台打印机是假货，商家不给退", "市场监督管理部门"),
        ("信用卡分期的手续费是怎么算的", "金融管理部门"),
        ("工厂能不能按农业电价交电费", "发展和改革部门"),  # no farm in sight
        ("水产养殖场的增氧机用电能不能按农业电价算", "发展和改革部门"),  # no livestock plant
        ("公司车子违章停车被贴了罚单，怎么交", "公安部门"),
    ],
)
def test_another_departments_topic_names_that_department(question: str, department: str) -> None:
    assert Remit.load().elsewhere(question) == department


@pytest.mark.parametrize(
    "question",
    [
        "办了营业执照以后还要办排污许可证吗",  # names the bureau's subject too
        "超标排放会不会被吊销营业执照",
        "危废仓库要做哪些标识",
        # weather as the background of another question, with none of the bureau's subjects
        "入梅以后基坑积水能直接抽到河里吗",
        "喷漆房遇到会下雨的天气还能露天喷吗",
        "明天会下雨吗，工地的裸土要不要覆盖",  # 裸土: the bureau's (dust)
        "下周会不会下暴雨，基坑积水能直接抽到河里吗",  # a forecast as the background of a question
        "这个税怎么算",  # 个税 only by accident
        "工地夜里被投诉了，夜间施工许可怎么申请",  # the noise law's proof for night work
        # suing a polluter, or the court's enforcement of a fine, are the bureau's documents' articles
        "隔壁厂的废水把我们的鱼塘弄死了，可以起诉要他赔吗",
        "罚款一直不交，你们会申请法院强制执行吗",
        "环保罚款逾期不交，法人会被限制高消费吗？",  # the law on penalties, though 限制高消费 is the court's
        "二十万的罚款能不能用信用卡分期交",
        # a topic only by accident inside other words
        "厂房贷款还没批下来，能先开工建设吗？",
        "喷漆工位要执行局部排风的要求吗",
        "营业执照上的经营范围要加危废收集，环评要重新做吗",  # the question names 危废 and 环评
        # the question asks what follows from a breach, or whether something may be done
        "我们厂超标排放了，会不会被吊销营业执照？",
        "我们是餐饮店，油烟被投诉了。会被吊销食品经营许可吗？",
        "建设项目环评还没批下来，能先办施工许可吗？",
        "我们新装了废气处理设备。试用期内数据超标会被罚吗？",
        "畜禽养殖场在禁养区要关闭，政府给的经济补偿金怎么申请？",
        "核电站检修外包的工人，普通焊工证够不够",  # 核安全法: special processes at a nuclear plant
        "粪污沼气发电上网能按什么电价结算",  # livestock manure's use, the 畜禽 regulation's
        "养牛场的粪便发酵设备用电按什么电价",  # the farm tariff, the 畜禽 regulation's
        "货车违停在路边等装货，一直怠速不熄火",  # idling, the air law's
        # a paper licence demanded although an electronic one is at hand: the 一网通办 decision's 七、
        "窗口要我们交营业执照原件，我们有电子证照，这样合理吗",
        "又让我交营业执照复印件，可我有电子营业执照，能不能不交纸质的？",
        "营业执照的电子版手机里就有，窗口还非要纸质原件",
        # stalls and bills posted are the 市容 regulation's; reclaimed water the circular economy law's
        "门口的小广告被城管查到了，张贴的人会被怎么处理",
        "在人行道上乱设摊的会被罚多少",
        "写字楼绿化浇水能不能用自来水，是不是要用再生水",
        "有条件使用再生水的地方，绿化还能用自来水吗",
        # a leak at one's own works is about its water and waste, not the housing office's
        "厂房屋顶漏水，雨水流进了化学品仓库，流出来的水能直接排雨水管吗",
        "我们饭店楼上漏水，漏下来的水混着油污，能直接倒进雨水井吗",
        "养殖场划进禁养区要关掉，经济补偿金怎么算",  # a closure's compensation, not a dismissal's
    ],
)
def test_the_bureaus_questions_stay_the_bureaus(question: str) -> None:
    assert Remit.load().elsewhere(question) is None


def test_no_topic_can_never_fire_because_it_contains_a_bureau_subject() -> None:
    remit = Remit.load()
    assert len(remit.topics) > 300 and len(remit.bureau) > 20
    assert [t for t in remit.topics if any(s in t for s in remit.bureau)] == []


def test_a_searcher_neither_answers_nor_offers_clauses_for_another_departments_question(searcher: Searcher) -> None:
    result = searcher.search("营业执照注册地址变更需要准备哪些材料")
    assert (result.answered, result.elsewhere, result.candidates) == (False, "市场监督管理部门", ())


def test_no_file_means_every_question_is_the_bureaus(tmp_path: Path) -> None:
    assert Remit.load(tmp_path / "absent.yml").elsewhere("营业执照") is None


@pytest.mark.parametrize(
    "text",
    [
        "- 不是映射\n",
        "bureau: 环保\ndepartments: []\n",
        "bureau: [环保]\ndepartments:\n  - topics: [营业执照]\n",
        "bureau: [环保]\ndepartments:\n  - name: 某部门\n    topics: 营业执照\n",
        "bureau: [环保\n",
        'bureau: [环保]\nbureau_shapes: ["电子(证照"]\n',
    ],
)
def test_a_malformed_file_is_a_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "remit.yml"
    path.write_text(text, "utf-8")
    with pytest.raises(RemitError, match=r"remit\.yml"):
        Remit.load(path)


def test_a_topic_in_a_side_question_alone_is_not_named_by_the_whole_message() -> None:
    remit = Remit.load()
    assert remit.names("楼上卫生间漏水，把我家天花板泡坏了") == "住房和城乡建设管理部门"
    assert remit.names("隔壁厂天天晚上偷排废水，河都黑了，他们有没有营业执照") is None
