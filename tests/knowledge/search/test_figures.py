"""A figure asked for that the clause found does not state (knowledge/search/figures.py)."""

from __future__ import annotations

import pytest

from knowledge.search.figures import UNSTATED, asked_figure, unstated
from knowledge.search.searcher import Searcher


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("排污权交易里二氧化硫指标现在一吨什么价", "unit price"),
        ("查实了奖金一般能拿多少钱", "amount"),
        ("扶持资金的补贴比例是多少", "ratio"),
        # a cost, a grant or a price put as how much; not who bears how much of a cost
        ("做一次清洁生产审核，咨询费用一般要多少", "amount"),
        ("区里今年能领到多少生态补偿资金", "amount"),
        ("排污权交易价格多少", "amount"),
        ("沿河整治的经费要建设单位出多少", None),
        # a refuse bag's or bin's price is a price per unit; a share put as 多少比例
        ("餐厨垃圾按桶收费的话每桶多少钱", "unit price"),
        ("产能扩大多少比例算重大变动", "ratio"),
        # what counts as a 较大数额 of fine: the law leaves the sum to the provinces, no penalty article states it
        ("罚款到多少以上才算较大数额", "threshold"),
        ("较大数额的罚款具体是多少钱", "amount"),
        ("要在多少天内申请行政复议", "appeal"),  # an appeal's time limit, though a fine is named
        ("对罚款决定不服，多少天内可以申请复议", "appeal"),
        ("存栏多少头生猪才算规模养殖场", "threshold"),
        ("年排放多少吨会被列入重点排污单位名录", "threshold"),
        ("十年禁捕要到哪一年结束", "date"),
        ("要是哪年标准改了怎么办", None),  # a year only supposed
        ("污水处理费单价是多少", "unit price"),
        ("土壤污染防治基金的申请额度上限是多少", "amount"),
        ("补贴资金多少天能到账", None),
        ("3类区厂界噪声夜间不能超过多少分贝", "limit"),
        ("非道路移动机械要达到国几排放", "limit"),
        ("超标排放罚多少钱", None),  # the penalty articles' amount
        ("罚款大概多少钱", None),
        ("废气排放限值是谁定的", None),  # who sets a limit is the law's
        ("环评审批要多久", None),  # a time limit is the procedure's article's
        ("几天内要提出听证", None),
        ("职业健康检查多久要做一次", "frequency"),  # how often
        ("泄漏检测多长时间要做一轮", "frequency"),
        ("废水排口的自行监测频次是多少", "frequency"),
        ("监测数据的采集频率怎么定", None),  # how a frequency is set is the law's
        ("环评公示要公示几天", "duration"),  # a posting's days, a wait
        ("年度报告每年几月几号前要交", "date"),
        ("评审报告交上去多久能出意见", "duration"),
        ("送检的样品一般几天能拿到检测结论", "duration"),  # a wait, however it is counted
        ("竣工验收材料挂网公示期最少几天", "duration"),
        ("停用治污设施要提前几天跟区局说", "duration"),  # how far ahead
        ("拟罚二十万，几个工作日内能听证", None),  # a fine named: the penalty articles
        ("一年内超标几次会被停产", None),  # how many times before a consequence: no frequency
        ("危废贮存期限不得超过多少天", "years"),  # days kept at most: the law states a year (不得超过一年)
        ("危险废物转移联单要交多少份", None),  # quantities that are no money
        ("整改期限给多少天", None),
        ("重点排污单位不公开信息，要被处以多少元的罚款", None),  # the fine named after the amount
        ("垃圾房早上几点到几点开放", "hour"),  # an hour of the day
        ("周末装修几点以后不能施工", "hour"),
        ("早几点开工要报备吗", None),
        ("申请排污许可证需要注意哪几点", None),  # which points, not which hour
        ("园区的危废仓库下午几点关门", "hour"),
        ("废机油回收多少一吨", "unit price"),
        # a measured value's limit, however it is put; not how far over or under it is
        ("锅炉烟气颗粒物浓度标准是多少", "level"),
        ("胶粘剂的VOCs含量要控制在多少以内", "level"),
        ("烟气浓度超标要罚多少钱", None),  # a fine named: the penalty articles
        ("监测的浓度数据要保存多少年", "years"),  # years, not a level
        ("排放浓度低于标准多少能少交税", None),  # a value compared with the limit
        ("浓度超标多少倍会被按日连续处罚", None),
        ("浓度比国家标准低了多少才能减按75%缴税", None),
        ("COD的污染当量值具体是多少", "level"),  # the tax law's annexed table, in kilograms
        # the number that makes a thing count as something, or calls for something
        ("年产生量达到多少吨才算产废大户", "threshold"),
        ("日用水量多少吨以上才要装流量计", "threshold"),
        ("贮存量超过多少就要另外报告", "threshold"),
        ("纳入清洁生产审核的能耗门槛是多少", "threshold"),  # a floor put plainly
        ("焚烧处置规模最低得做到多少吨一天", "threshold"),
        ("饲养奶牛多少头以上归规模场", "threshold"),
        ("废活性炭每年产生多少吨以上要签处置合同", None),  # a duty after it: the law puts it on every unit
        ("超过多少以上按较大数额罚款听证", "threshold"),  # the 较大数额 the provinces set, not a fine's amount
        # a count of years or months; not a span told as the setting, nor a month of the year
        ("辐射安全许可证一次管几年", "years"),
        ("验收监测报告多少年要重做一次", "years"),
        ("试运行最长可以搞几个月", "years"),
        ("超过几年没动工要重新报批", "years"),
        ("收集经营许可证的有效期一般多长", "years"),  # a validity's term
        ("前几年被罚过一次，现在还能评正面清单吗", None),
        ("用了十几年的储罐要报废吗", None),
        ("过几个月再清运行不行", None),
        # a date asked (哪天, 几号, 几月份), read apart from how often; not 万一哪天, nor a metro line
        ("危废申报是几月份", "date"),
        ("补助资金哪一天截止申报", "date"),
        ("整改期限从哪天开始算", "date"),
        ("按日连续处罚的天数打哪天开始数", None),  # a fine named: the penalty articles
        ("万一哪天放射源丢了要报告谁", None),
        ("去区生态环境局坐几号线", None),
        ("要是哪天执法人员突击检查，要提供什么资料", "materials"),  # no day asked: the papers are
        ("这个措施是几号文", None),
        ("厂子开了几年了，现在补办排污许可还来得及吗", None),
        ("试生产几个月期间，治理设施要一起开吗", None),
        ("改造项目每吨标煤补贴多少", "amount"),
        ("奖励资金的比例是百分之多少", "ratio"),
        ("预警期间要按多大比例限产", "ratio"),  # a share, or a rate put as how much
        ("自动监测数据的传输有效率要达到多少", "ratio"),
        ("环保税的税率是多少", None),  # the tax law states amounts in 元, not rates
        ("回收率不达标罚多少", None),  # a fine named: the penalty articles
        # how many people or points; not an hour
        ("调查报告评审专家至少要几名", "count"),
        ("噪声监测要装几个点位", "count"),
        ("检查的执法人员最少几个人", "count"),
        ("装修几点可以开工", None),
        # a sign's or a label's look; not who sets it, nor what it must say
        ("排污口标志牌的尺寸和颜色有什么具体规定", "appearance"),
        ("危废标签用什么颜色", "appearance"),
        ("标志牌的样式由谁规定", None),
        ("危废标签的内容和样式有什么要求", None),
        (
            "工地围挡用什么材质有规定吗",
            None,
        ),  # a hoarding's material, a chimney's smoke: the law's rule (a cold review)
        ("锅炉烟囱冒烟的颜色有什么规定", None),
        ("执法人员检查时要出示几个证件", None),  # no count of people either
        ("这个评价一共分几个等级", "classes"),  # how many grades; not who sets them
        ("分几类是谁定的", None),
        # how high, thick or large a structure is built; not how far away
        ("排气筒最低要做多高", "dimension"),
        ("贮存场的防渗层要做多厚", "dimension"),
        ("危废暂存间要建多大面积", "dimension"),
        ("贮存间门口的警示牌做什么尺寸", "dimension"),
        ("车间门口几分贝以下算合格", "limit"),
        ("离居民区要隔多远", None),
        ("超标排放罚款最高能有多高", None),  # how high a fine, a tax or a bar is
        ("申请危险废物经营许可证的门槛有多高", None),
        ("饮用水水源一级保护区有多大面积", None),  # a zone, delimited by whoever draws it
        ("泵站旁边几米内算保护范围", None),
        # a temperature to keep or set; not energy in 度电, nor beside a fine
        ("焚烧炉炉膛温度要保持在多少度", "temperature"),
        ("RTO脱附温度一般设几度合适", "temperature"),
        ("风机一年要耗多少度电", None),
        ("一年用电多少度算重点用能单位", None),
        ("排水温度超标罚多少", None),
        ("焚烧炉温度记录要保存多少年", "years"),  # years, not a temperature
        ("冷却水水温不能超过多少度，法律上有要求吗", None),  # the water law's 水温 rule
        ("冷凝水排到河道前温度要降到多少", None),
        # a colour, a formula, a qualification; the size classes are divided by, or that brings a duty
        ("可回收物的桶是蓝色还是绿色", "colour"),
        ("许可排放量按什么公式算", "formula"),
        ("清洁生产审核咨询机构要有什么资质", "credential"),
        ("叉车司机考的是什么证", "credential"),
        ("放射源按活度多少来划分类别", "threshold"),
        ("多大规模的饭店要装油烟净化设施", None),  # the law puts it on every one
        ("重污染天气红色还是橙色预警的时候要停产吗", None),  # an alert's colour is the law's
        ("颗粒物15毫克是否合格，这个数据能作为执法依据吗", None),
        ("医疗废物最多能暂存几天", "years"),  # days kept at most, read with a count of years
        ("空压机八十几分贝，算不算超标", "limit"),  # a value measured against the limit
        ("COD一个季度要测几次", "frequency"),
        ("PM10超过多少会报警", "threshold"),
        ("超过多少会被罚", None),
        ("负责人每年要参加多少学时的培训", "count"),
        ("厂界测出来65分贝超标了吗，会罚多少", None),  # a fine named: the penalty articles
    ],
)
def test_the_kind_of_figure_a_question_asks_for(question: str, kind: str | None) -> None:
    assert asked_figure(question) == kind


@pytest.mark.parametrize(
    ("question", "clause"),
    [
        ("办排污许可证要交多少钱", "行政机关实施行政许可和对行政许可事项进行监督检查，不得收取任何费用。"),
        ("河道维护管理费交多少", "本市征收河道工程修建维护管理费，具体征收、使用和管理办法由市人民政府另行制定。"),
        ("浓度低于标准一半，环保税能少交多少", "低于污染物排放标准百分之五十的，减按百分之五十征收环境保护税。"),
        ("补贴比例是多少", "按照核定投资额的百分之二十给予补助。"),
        ("夜间噪声限值是多少", "昼间不得超过70 dB，夜间不得超过55 dB。"),
        ("听证要交钱吗，多少钱", "当事人不承担行政机关组织听证的费用。"),
        ("夜间指的是几点到几点", "“夜间”是指晚上十点至次日早晨六点之间的期间。"),
        ("几点以后不能打桩", "禁止夜间在噪声敏感建筑物集中区域进行产生噪声的建筑施工作业。"),
    ],
)
def test_a_clause_that_states_the_figure_or_who_sets_it_answers(question: str, clause: str) -> None:
    assert unstated(question, [clause]) is None


def test_a_clause_that_only_names_the_thing_does_not_state_its_price() -> None:
    clause = "本市推行排污权有偿使用和交易制度。"
    assert unstated("氮氧化物指标现在什么成交价", [clause]) == "amount"
    assert unstated("排污权交易制度是怎么规定的", [clause]) is None  # no figure asked


def test_a_price_per_unit_needs_a_sum_not_who_sets_it() -> None:
    """「污水处理费多少钱一吨」 is not answered by the article that says who sets the charge."""
    sets_it = "污水处理费的收费标准由市价格主管部门会同市水务部门制定。"
    assert unstated("工业企业的污水处理费现在多少钱一吨", [sets_it]) == "unit price"
    assert unstated("每污染当量具体交多少钱", ["具体适用税额由省级人民政府确定。"]) == "unit price"
    assert unstated("污水处理费多少钱一吨", ["每立方米1.5元。"]) is None
    assert unstated("污水处理费交多少", [sets_it]) is None  # who sets the charge answers that
    assert unstated("超标排放每吨罚多少钱", ["依照有关法律的规定处罚。"]) is None  # the penalty articles'


def test_search_declines_a_figure_the_seed_does_not_state(searcher: Searcher) -> None:
    result = searcher.search("VOCs治理专项扶持资金补贴比例是多少")
    assert (result.answered, result.beyond_remit, result.unserved) == (False, True, UNSTATED)
    assert result.hits  # what was found stays for the reply's candidates
    assert searcher.search("临港的两证合一试点是什么意思？").unserved is None


def test_a_duration_is_stated_in_words_of_time_or_by_the_runner_up() -> None:
    assert unstated("安全报告多久公开一次", ["营运单位应当公开年度核安全报告。"]) is None
    assert unstated("排放数据多久公开一次", ["应当实时公开污染物排放数据。"]) is None
    assert (
        unstated("审批几个工作日能批", ["由生态环境主管部门审批。", "应当自收到之日起六十日内作出审批决定。"]) is None
    )
    assert unstated("审批几个工作日能批", ["由生态环境主管部门审批。", "审批部门应当公开审批结果。"]) == "duration"


# The session's kinds, each with what does and does not state it: (question, clauses found, kind unstated).
DOSE = "应当进行个人剂量监测。"


@pytest.mark.parametrize(
    ("question", "clauses", "kind"),
    [
        # how often: a period, each period or 适时; not at once, a year's plan, or a span alone
        ("个人剂量计多久送检一次", [DOSE, "发生事故的，应当立即报告。"], "frequency"),
        ("个人剂量计多久送检一次", [DOSE, "纳入执法年度计划。"], "frequency"),
        ("个人剂量计多久送检一次", ["应当进行个人剂量监测，每季度送检一次。"], None),
        ("标准多久改一次", ["应当适时修订排放标准。"], None),
        ("管理计划多久报一次", ["贮存危险废物不得超过一年。"], "frequency"),
        ("一年要比对几次", ["每季度至少比对一次。"], None),
        # a wait: days or 当日; not a term (规定期限 holds 定期 as letters only), 及时, or 当日 naming a service
        ("备案后一般几天能拿到", ["推进放射源当日作业备案等事项快办。", "应当及时处理。"], "duration"),
        ("备案后一般几天能拿到", ["申请人应当在期限内补正。"], "duration"),
        ("备案后一般几天能拿到", ["备案当日办结。"], None),
        ("跨省转移多久能批下来", ["应当在规定期限内批准转移。"], "duration"),
        # how many people or points: a number of them, a share or 专人
        ("执法检查最少要几个人", ["执法人员应当出示执法证件。"], "count"),
        ("执法检查最少要几个人", ["执法人员不得少于两人。"], None),
        ("审查意见要几个专家签字", ["应当经审查小组四分之三以上成员签字同意。"], None),
        ("放射源仓库要配几个人管", ["贮存放射源的场所应当指定专人负责保管。"], None),
        # how many grades: their number, their names or a list
        ("这个评价一共分几个等级", ["建立健全评价和修复机制。"], "classes"),
        ("水源保护区分几级", ["划分为一级保护区和二级保护区。"], None),
        ("垃圾分几类", ["本市生活垃圾按照以下标准分类：（一）可回收物"], None),
        # a sign's look: a colour, a size or a style
        ("危废标签的尺寸和颜色有什么规定", ["应当按照规定设置危险废物识别标志。"], "appearance"),
        ("危废标签的尺寸和颜色有什么规定", ["标签为黄色，边长不小于10厘米。"], None),
        # a share in the best two, as the relief's article follows the one defining its terms
        ("能不能减征，按多少比例减", ["浓度值是指月平均值。", "低于标准百分之三十的，减按百分之七十五征收。"], None),
        ("能不能减征，按多少比例减", ["浓度值是指月平均值。", "纳税人应当依法申报。"], "ratio"),
        # the papers to hand in: listed, one named or materials spoken of, in the best clause alone
        ("向市局备案要提交哪些材料", ["推进落实机构管理办法，加强监管。", "应当提交申请材料。"], "materials"),
        ("备案要带什么材料", ["应当持许可证复印件向使用地生态环境主管部门备案。"], None),
        ("申请材料有哪些", ["申请排污许可证，应当提交下列材料：（一）申请表"], None),
        # what counts as a 较大数额 is stated by a number, not by the word 罚款
        ("罚款多少钱以上才算较大数额", ["拟作出较大数额罚款的，应当告知当事人有要求听证的权利。"], "amount"),
        ("罚款多少钱以上才算较大数额", ["较大数额是指对法人处以十万元以上罚款。"], None),
        # an appeal's days: only in a sentence of the appeal, not another procedure's (缴纳罚款的十五日)
        ("多少天内可以申请行政复议", ["当事人应当自收到处罚决定书之日起十五日内缴纳罚款。"], "appeal"),
        ("多少天内可以申请行政复议", ["可以自知道之日起六十日内申请行政复议。"], None),
        # a threshold compared with a limit: any exceedance, which the law states, is no number asked
        ("排放超过标准多少会被列入强制审核", ["超过排放标准的企业，应当实施强制性清洁生产审核。"], None),
        # papers named by the law (转移联单, a report the builder draws up; not an EIA 报告书 named in passing)
        ("竣工验收要准备哪些材料", ["建设单位应当对环境保护设施进行验收，编制验收报告。"], None),
        ("绿色通道要交哪些材料", ["开辟绿色通道，提前介入环境影响报告书编制。"], "materials"),
        ("转移危险废物要准备什么材料", ["转移危险废物的，应当填写、运行危险废物转移联单。"], None),
        # a colour named, not the word 颜色; a product or a sum; a licence or a qualification asked of
        ("垃圾桶是什么颜色", ["收集容器的颜色、图文标识应当统一规范。"], "colour"),
        ("应纳税额用什么公式算", ["应纳税额为污染当量数乘以具体适用税额。"], None),
        ("排放量计算公式是什么", ["排放量为当期应税固体废物的产生量减去综合利用量的余额。"], None),
        ("执法人员要持什么证件", ["执法人员不得少于两人，并应当主动出示执法证件。"], None),
        ("咨询机构要有什么资质", ["企业应当实施强制性清洁生产审核。"], "credential"),
        ("供核级阀门要拿什么资质", ["提供核安全设备制造服务的单位，应当向国务院核安全监督管理部门申请许可。"], None),
        ("暂存间最多能存几天", ["医疗卫生机构应当依法分类收集本单位产生的医疗废物。"], "years"),
        ("危废贮存期限不得超过多少天", ["贮存危险废物不得超过一年。"], None),
        # where a form is downloaded: the platform the law names, or none
        ("申请表在哪里下载", ["开辟重大项目环评审批绿色通道。"], "download"),
        ("申请表在哪里下载", ["通过全国排污许可证管理信息平台提交排污许可证申请表。"], None),
    ],
)
def test_what_states_how_often_a_wait_a_count_grades_a_look_a_share_and_papers(
    question: str, clauses: list[str], kind: str | None
) -> None:
    assert unstated(question, clauses) == kind


def test_an_hour_the_clauses_do_not_state_is_declined() -> None:
    assert unstated("小区垃圾房几点到几点开放", ["单位应当按照规定的时间、地点分类投放生活垃圾。"]) == "hour"


def test_an_hour_is_read_in_the_best_clause_alone() -> None:
    """The noise law's definition of 夜间 ranks second to many questions of hours, and answers none."""
    clauses = ["室内装修活动，应当按照规定限定作业时间。", "夜间，是指晚上十点至次日早晨六点之间的期间。"]
    assert unstated("小区装修几点以后不能干", clauses) == "hour"


def test_an_hour_of_noisy_work_is_read_in_the_runner_up_too() -> None:
    """「几点以后禁止施工」: the rule first, the definition of 夜间 (which states the hours) second."""
    clauses = [
        "禁止夜间在噪声敏感建筑物集中区域进行产生噪声的建筑施工作业。",
        "夜间，是指晚上十点至次日早晨六点之间的期间。",
    ]
    assert unstated("噪声敏感建筑物集中区域几点以后禁止施工", clauses) is None
    # a flat's fitting-out: the law leaves its hours to local rules, and the night's definition does not state them
    fitting_out = ["室内装修活动，应当按照规定限定作业时间。", clauses[1]]
    assert unstated("住宅装修几点到几点可以施工", fitting_out) == "hour"


def test_an_hour_of_the_evening_that_is_no_noisy_work_is_read_in_the_best_clause() -> None:
    clauses = ["本市逐步推行生活垃圾定时定点分类投放制度。", "夜间，是指晚上十点至次日早晨六点之间的期间。"]
    assert unstated("小区垃圾早上晚上几点到几点投放", clauses) == "hour"


def test_a_threshold_is_stated_by_any_number_in_the_clause() -> None:
    question = "贮存量超过多少吨就算重大危险源"
    assert unstated(question, ["贮存危险废物应当采取防护措施。"]) == "threshold"
    assert unstated(question, ["贮存量在十吨以上的，应当编制应急预案。"]) is None
    assert unstated(question, ["有下列情形之一的（一）依照第七十八条统一处理"]) == "threshold"  # no unit


def test_a_dimension_is_stated_by_a_length_or_a_height_set_by_something_else() -> None:
    question = "露天堆场的围挡要多高"
    assert unstated(question, ["堆放物料的场所应当采取围挡、遮盖等措施。"]) == "dimension"
    assert unstated(question, ["不能密闭的，应当设置不低于堆放物高度的严密围挡。"]) is None
    assert unstated("排气筒要多高", ["排气筒高度不得低于15米。"]) is None


def test_an_equivalent_value_is_stated_in_kilograms() -> None:
    question = "氨氮的污染当量值是多少"
    assert unstated(question, ["污染当量数，以该污染物的排放量除以该污染物的污染当量值计算。"]) == "level"
    assert unstated(question, ["氨氮 0.8千克"]) is None


def test_a_temperature_is_stated_in_degrees() -> None:
    question = "焚烧炉炉膛温度要控制在多少度"
    assert unstated(question, ["焚烧设施应当配套建设污染防治设施。"]) == "temperature"
    assert unstated(question, ["炉膛温度不低于850℃。"]) is None
    assert unstated(question, ["炉膛温度应当在八百五十摄氏度以上。"]) is None


def test_a_count_of_years_is_stated_by_years_or_months_in_the_best_two() -> None:
    """「有效期几年」 is answered by the clause that says 五年, not by one that only names the licence."""
    names_it = "禁止无许可证或者未按照许可证规定从事危险废物经营活动。"
    assert unstated("这张经营证发下来能用几年", [names_it]) == "years"
    assert unstated("这张经营证发下来能用几年", [names_it, "许可证有效期为五年。"]) is None
    assert unstated("台账最少存几年", ["台账保存期限不得少于五年。"]) is None
    assert unstated("试运行最长可以搞几个月", ["调试期间应当如实记录。"]) == "years"
    assert unstated("超期几年没缴会被罚吗", [names_it]) is None  # a fine named: the penalty articles
    assert unstated("报告书审批最长要几个月", ["应当自收到报告书之日起六十日内作出审批决定。"]) is None  # in days


def test_a_share_is_stated_as_a_fraction_or_a_waiver() -> None:
    assert unstated("审查意见要百分之多少的成员同意", ["应当经四分之三以上成员签字同意。"]) is None
    assert unstated("综合利用的固废环保税减免百分之多少", ["符合标准的，暂予免征环境保护税。"]) is None


def test_a_date_is_stated_by_a_date_or_the_day_a_period_runs_from_not_by_how_often() -> None:
    by_frequency = "按照排污许可证规定的内容、频次和时间要求提交执行报告。"
    assert unstated("执行报告今年最晚几月几号要交上去", [by_frequency]) == "date"
    assert unstated("执行报告今年最晚几月几号要交上去", [by_frequency, "应当于每年一月底前提交年度执行报告。"]) is None
    assert unstated("补缴从哪天开始计算", ["自收到通知之日起计算。"]) is None


def test_a_value_measured_is_read_in_the_whole_message_when_the_question_follows_it() -> None:
    message = "我们车间那台空压机噪声八十几分贝，这个算不算超标？"
    assert unstated("这个算不算超标？", ["不得超过国家规定的噪声排放标准。"], message=message) == "limit"
    assert unstated("这个算不算超标？", ["昼间不得超过60分贝。"], message=message) is None
    assert unstated("这个算不算超标？", ["不得超过国家规定的噪声排放标准。"]) is None  # no value told
    beside = "厂界噪声白天测出来62分贝，超标了吗？如果超标，环保税怎么计算"  # a question the tax law answers beside it
    noise_tax = ["应税噪声按照超过国家规定标准的分贝数确定。"]
    assert unstated("超标了吗？如果超标，环保税怎么计算", noise_tax, message=beside) is None
    assert asked_figure("锅炉颗粒物5mg，达不达标") == "limit"
