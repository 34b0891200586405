"""When and how often a question asks: a date, a frequency, a wait, a count of years, an hour of the day or
the days one has to appeal.

Part of :mod:`knowledge.search.figures`, which reads these with the other figures a question asks
for (an amount, a share, a limit …): :data:`ASKED` says what a question asks, :data:`STATED` what
states it in a clause.

Most durations are not read: the law states them in words as often as in numbers (及时, 立即, 当场), and an article
that names a procedure answers most questions about its time limit (「几天内要提出听证」: the article granting the
hearing). Only how many working days, how long a notice is posted, a result or a review takes (公示几天, 多久能出,
几天能拿到, 评审要多长时间), a time limit put in days (期限是多少天) and how far ahead a notice comes (提前几天) are:
a clause answers them with a number of days, months or times, or a word of time (立即, 当场, 定期, 每年), not by 及时,
a term (期限), the day a period runs from (之日) or 当日 naming a service (当日作业备案).
How often (多久测一次, 一年几次, 频次是多少) is read apart: a clause answers it by a period or a number of times, each
period or a word of it (定期, 实时, 频次, 适时), never by at once (立即) nor a year's plan. A date asked (几月几号,
哪天截止, 几号开始, 几月底) is read apart too: a date, the day a period runs from (之日, 次日) or at once (当日, 立即)
answers it, never how often (每年, 季度, 频次): 「执行报告今年几月几号交」 is not answered by the article that has it
submitted at the frequency the permit sets. A count of years or months (有效期几年, 多少年修订一次, 最长几个月) is
read apart: the law states a licence's term, a record's keeping and a limitation period in years (五年, 三年, 六个月)
wherever it answers one, and so how many days a thing may be kept at most (医疗废物最多能暂存几天: 贮存…不得超过一年
where the law has a term); a span told as the setting is no question (前几年, 十几年, 过几个月), nor a day named only in
a supposition (要是哪天). How long one has to appeal (多少天内申请复议) is the law on appeals', which is not held:
a clause states it only by days in a sentence of the appeal, not by another procedure's. All five are read in the
best two clauses (:func:`knowledge.search.figures.unstated`).
An hour of the day (几点到几点, 几点以后) is stated by an hour (二十二时, 晚上十点) or by 昼间 and
夜间, which the noise law defines; it is read in the best clause alone, since the noise law's
definitions, a runner-up to any question of hours, would state one for every such question,
unless the question is about noisy work or the night, whose hours those definitions do state.

>>> bool(ASKED["frequency"].search("个人剂量计多久送检一次")), bool(STATED["frequency"].search("应当立即报告"))
(True, False)
>>> bool(STATED["duration"].search("在规定期限内批准")), bool(STATED["duration"].search("自受理之日起二十日内"))
(False, True)
"""

from __future__ import annotations

import re

# A number: digits (half or full width) or Chinese numerals.
NUMBER = r"[0-9０-９.．一二三四五六七八九十百千万亿两半]"

# A day asked (哪天截止, 几号开始); not one named in a supposition (万一哪天, 要是哪天), a metro line or a
# document's number (几号线, 几号文).
A_DAY = r"(?<!万一)(?<!有一)(?<!要是)(?<!如果)(?<!假如)(?<![等定])(几号(?![线文令楼])|哪一?天(?!被))"

# A wait for a result (多久能出结果, 几天能拿到, 多长时间能办结, 要等几天才可以开工): the law states one
# in days where it has one (审批…六十日内).
A_WAIT = (
    r"(多久|多长时间|几天|多少天|几个工作日|多少个工作日|几周)(左右|以后|之后|后)?(能|可以|才能|就能|才可以|才会|会|才)?"
    r"(出结论|出结果|出报告|出意见|有结果|拿到|办好|办结|办完|批下来|审下来|下证|发证|出证|回复|反馈|答复|开工)"
)

# What a question asks, in the order :mod:`knowledge.search.figures` reads it: a date before how often,
# how often before a wait, an appeal's days before a wait (复议的期限是几天 is the law on appeals'), a wait before a
# count of years.
ASKED = {
    # a date (几月几号, 哪天截止, 几号开始, 次年几月底), read apart from a duration: how often is no date
    # ... or which year (哪一年结束), or when a list, a call for applications or an inspection comes
    # (补贴什么时候开始申报, 名录何时公布, 截止到什么时候)
    "date": re.compile(
        rf"{A_DAY}|几月几[号日]|每年几月|哪天之前|几月(底|份|初|末)|(?<!万一)(?<!要是)(?<!如果)(?<!假如)哪一?年(?![级度份])"
        r"|(什么时候|啥时候|何时|几时)(会|能|才|就)?(开始|正式)?(申报|公布|发布|出台|进驻|开班|报名|截止|揭晓|出结果)"
        r"|截止(到|于)?(什么时候|啥时候|何时|几时)"
    ),
    # how often (多久测一次, 一年做几次, 一个季度测几次, 频次是多少); not how many times before a consequence
    "frequency": re.compile(
        r"(多久|多长时间|几天|多少天|几周)[^，,。？?]{0,4}(一次|一轮|一回|一遍)"
        r"|(一年|一个?季度|一个?月|一周|每(年|季度?|月|周|天))[^，,。？?]{0,6}(几次|多少次)(?![^，,。？?]{0,3}(会|就|算|才|以上|被))"
        r"|(频次|频率)(是|为|要求是?)?(多少|多久|几)"
    ),
    # how long one has to appeal (多少天内申请行政复议, 起诉的期限是多久): the law on appeals', which is not held
    "appeal": re.compile(
        r"(多少天|几天|多少日|几日|多长时间|多久)内?[^，,。？?]{0,8}(复议|诉讼|起诉)"
        r"|(复议|诉讼|起诉)[^，,。？?]{0,8}(期限|时限)[^，,。？?]{0,4}(多少|几|多久|多长)"
    ),
    "duration": re.compile(
        rf"(多久|多长时间)能出|{A_WAIT}|公示期?[^，,。？?]{{0,4}}(几|多少)(天|日|个工作日)"
        r"|几个工作日|多少个工作日|提前(几|多少)(天|日|个工作日|周)|提前(多久|多长时间)"
        r"|(提前|开始前|作业前|开工前)(几|多少)个?(小时|钟头)"
        # a time limit put as how many days (异议的期限是几天), or how long a review takes (评审一般要多长时间)
        r"|(期限|时限)(是|为|一般是|有|大概是)?(多少|几)(天|日|个工作日|个月)"
        r"|((?<!环)评审|审查|评估|出结果|出报告)[^，,。？?]{0,6}(要|需要|得)?(多长时间|多久)(?=[？?吗呢伐]|$)"
    ),
    # a count of years or months (有效期几年, 多少年修订一次, 第几年开展, 调试期最长几个月), or a validity's term
    # (有效期多久); not a span told as the setting (前几年, 这几年, 十几年, 好几个月, 过几个月, 开了几年了,
    # 试生产几个月期间), nor a month of the year (几月份); stated by years, months, days (六十日内) or 寿期
    "years": re.compile(
        r"(?<![十好这前近头后几了去])(?<!(?<!超)过)(几|多少)(个月|年)(?![前来后里间底初份级了期])|有效期[^，,。？?]{0,4}(多久|多长)"
        # ... or how many days a thing may be kept or stored at most (医疗废物最多能暂存几天)
        r"|(暂存|贮存|存放|堆放|储存|保存)[^，,。？?]{0,8}(几|多少)天|(最多|最长|最久)[^，,。？?]{0,6}(几|多少)天"
    ),
    "hour": re.compile(r"(?<![早哪])几点((到|至)几点|以?后|之后|以?前|之前|开始|结束|关门|(?=[？?，,。吗呢啊伐]|$))"),
}

# What states each in a clause.
STATED = {
    "hour": re.compile(NUMBER + r"+(时|点)(?![位差])|昼间|夜间"),
    # days in a sentence of the appeal (申请行政复议…六十日内), not another procedure's
    "appeal": re.compile(
        rf"(复议|诉讼|起诉)[^。；]{{0,30}}{NUMBER}+\S{{0,2}}(日|天|个月|年)|{NUMBER}+\S{{0,2}}(日|天|个月)[^。；]{{0,30}}(复议|诉讼|起诉)"
    ),
    "years": re.compile(NUMBER + r"+\S{0,2}(年|月)|" + NUMBER + r"+(个工作)?日|长期|永久|寿期"),
    # a date, or the day a period runs from, or at once; not how often (每年, 季度, 频次) nor a term (期限)
    "date": re.compile(
        NUMBER + r"+\S{0,2}(日|天|月|号|年)|之日|次日|月底|年底|年末|月末|当日|当天|即时|立即|及时|随时"
    ),
    # a number of days or a word of time; not 及时, a term (期限, 规定期限) or the day a period runs from (之日),
    # nor 当日 naming a service (当日作业备案)
    "duration": re.compile(
        NUMBER + r"+\S{0,2}(日|天|年|月|小时|工作日|周|次)"
        r"|立即|当场|当日(?!作业)|当天|即时|随时|实时|每年|每季|每月|每日|每天|每周|年度|季度|按年|按季|按月|按日"
        r"|逐月|逐年|月底|年底|次年|(?<![规法约])定期|频次|周期"
    ),
    # how often: a number of times, each period, or a word of it (定期, 实时, 频次, 适时, 年度报告), or a charge no
    # longer levied (取消); not a span alone (贮存不超过一年), a year's plan (执法年度计划) nor at once (立即)
    "frequency": re.compile(
        NUMBER
        + r"+\s*[次轮](?![性污供])|每[^，,。；]{0,3}(年|季|月|日|天|周|小时|班)|按(年|季|月|日|次)|年度(?!计划)|季度"
        r"|(?<![规法约])定期|实时|连续|随时|频次|频率|周期|适时|不再征收|停止征收|取消"
    ),
}

# Noisy work at night, whose hours the noise law's definitions state (「几点以后禁止施工」: the rule first,
# 夜间's definition second); not a flat's fitting-out, whose hours the law leaves to local rules (装修几点到几点).
NIGHT_RE = re.compile(r"^(?!.*装修).*(施工|作业|噪声|噪音|夜间)")

# The figures read in the best two clauses: the article on a procedure's time limit, its deadline, a
# term in years or an appeal often ranks just after the one naming the procedure.
READ_IN_TWO = frozenset({"date", "frequency", "duration", "years", "appeal"})
