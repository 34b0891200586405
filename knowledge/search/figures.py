"""Figures a question asks for that the clause found does not state.

Enterprises ask for numbers: what an emission right trades at, how much the reward for a report
is, what share of a VOCs upgrade a subsidy covers, how many decibels a zone allows at night. The
law names these things (排污权交易, 有奖举报, 扶持资金, 噪声排放标准) without stating the number,
which lives in a price list, a notice or a technical standard the knowledge base does not hold.
Search found the article that names the thing and quoted it as the answer, which answers nothing:
the enterprise asked for a figure and got a sentence without one.

:func:`unstated` reads which kind of figure the question inside a message asks for (an amount
of money, a share, an emission or noise limit) and whether the clauses it is given state one of
that kind (a sum in 元, a percentage, a value in mg or dB, a 国X stage). Search gives it the
clauses it would quote; when they state none, the assistant says the documents do not state the
figure instead of quoting it. A fine's amount is left to the penalty articles (「超标罚多少钱」,
「要被处以多少元的罚款」): they state it, or cite the article that does. A price per unit (多少钱一吨,
每污染当量多少钱) is stated only by a sum in 元 (or its waiver): an article saying who sets a charge
answers what the charge is, not what it costs per tonne.
When and how often (a date, a frequency, a wait, a count of years, an hour) is read by :mod:`knowledge.search.periods`.
How many people or points (专家至少要几名, 要装几个点位) is stated by a number of them or a share (四分之三以上成员),
how many grades or classes a scheme has (信用评价分几个等级) by their number, their names or a list, and what a sign
or a label looks like (标志牌的尺寸和颜色有什么规定) by a colour, a size or a style the clause names.
A limit is asked in many ways (排放限值上海执行多少, 油烟浓度标准是多少: a level; so is a pollutant's equivalent
value, 污染当量值是多少, stated in kilograms by the tax law's annexed table), and so is the number that makes a thing
count as something (养到多少头算规模化, 低于多少才算低VOCs): a threshold, stated by any number with a unit in the
best clause. A value measured and whether it is over the limit (空压机八十几分贝算不算超标) asks the limit.
A value compared with the limit is no level asked (「浓度低于标准多少可以少交税」 asks a share the tax
law states, 「超标多少倍」 a consequence), and a fine named leaves both to the penalty articles.
How high, thick or large a structure is built (烟囱最低要做多高, 防渗层要做多厚, 暂存间多大面积), or what size a
label or a sign is (警示牌做什么尺寸), is a technical standard's or a design's: a clause states it by a length, an
area or a volume, or by a height set by something else (不低于堆放物高度). The structure must be named: 多高
alone is as often how high a fine, a tax or a bar is (罚款最高能有多高, 门槛有多高). Neither a zone's size
(保护区多大面积) nor how far away (离居民区多远, 几米内) is read: the law draws zones by who delimits them.
A temperature to keep or set (焚烧炉炉膛温度要保持在多少度, 脱附温度设几度合适) is a technical standard's
or a design's: no clause of the documents states one in degrees, and energy in 度电 is no temperature.
Water discharged is left to the water law, whose 水温 rule (含热废水…符合水环境质量标准) answers how hot
it may be, as is a question that asks the law's requirement beside the number.
The papers to hand in (备案要提交哪些材料) are read the same way, though they are no figure: the best clause lists
them, names one (复印件, 申请书, 联单, 验收报告; not an EIA 报告书 named in passing) or speaks of materials; the
runner-up is not read, as it names some paper for nearly every such question.
A colour asked of a bin or anything but a sign (可回收物桶是蓝色还是绿色) is stated only by a colour named: the
documents name none, and 收集容器的颜色…应当统一规范 says who sets it. The formula a quantity is worked out by
(许可排放量按什么公式核算) is stated by a product or a sum (污染当量数乘以具体适用税额), and the qualification a firm
or a worker must hold (咨询机构需要具备什么资质, 考的是什么证) by a qualification, a certificate, a licence or the
conditions the law names; where a form is downloaded (申请表在哪下载) by the platform or the form's text the clause
names. The number classes are divided by (放射源按活度多少来划分) is a threshold: 具体分类办法由…制定 states none.
What each rule declined and kept on the dev parts and blind waves is in docs/benchmarks.md.

>>> unstated("排污权交易里氮氧化物指标现在什么成交价", ["排污单位可以通过交易获得排污权。"])
'amount'
>>> unstated("办排污许可证要交多少钱", ["行政机关实施行政许可，不得收取任何费用。"]) is None
True
>>> unstated("厂界噪声3类区夜间限值是多少分贝", ["不得超过国家规定的噪声排放标准。"])
'limit'
>>> unstated("VOCs治理扶持资金补贴比例是多少", ["按照项目投资的百分之二十给予补助。"]) is None
True
>>> unstated("工业污水处理费现在多少钱一吨", ["污水处理费的收费标准由市价格主管部门制定。"])
'unit price'
>>> unstated("辐射工作人员多久体检一次", ["应当对直接从事生产的工作人员进行个人剂量监测和职业健康检查。"])
'frequency'
>>> unstated("许可决定一般几个工作日出", ["行政机关应当自受理之日起二十日内作出决定。"]) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.search import periods
from knowledge.search.catalogues import LISTED
from knowledge.search.periods import NIGHT_RE, NUMBER, READ_IN_TWO

# The request kind such a question is (its reply: ``utter_unserved_unstated`` in bot/domain.yml).
UNSTATED = "unstated"

# What the question asks for, read in the question inside the message; a price per unit is read
# before any amount (一方 and 一度 only as 立方, 方水 and 度电: 污染者一方要赔多少钱 is no price);
# 交多少 and 给多少 count only for money (not 交多少份, 给多少天); a limit (or a level) only for a
# measured value's (not 贮存不得超过多少天). A fine named makes a level or a threshold the penalty
# articles' too (浓度超标罚多少, 超过多少算较大数额罚款).
# A value measured and whether it is over the limit (空压机八十几分贝算不算超标), read in the whole message too, as the
# value is often told before the question (噪声八十几分贝，这个算不算超标); not beside a fine or a question of evidence.
MEASURED_ASKED = re.compile(
    r"^(?!.*(罚|依据|证据|执法|能不能|可不可以|要不要|需不需要)).*[0-9０-９一二三四五六七八九十几多]\s*(分贝|dB|db|毫克|mg)"
    r"[^？?]{0,16}((算不算|是不是|是否|有没有)(超标|达标|合格)|超不超标|达不达标|合不合格|(超标|达标|合格)了?(吗|没|伐|不))"
)
# ... read in the whole message only when the question is that alone (这个算不算超标？), not one asked beside it
# (超标了吗？如果超标，环保税怎么计算: the tax law answers the second)
EXCEEDS_ONLY = re.compile(r"^[^，,。？?]{0,8}(算不算|是不是|是否|有没有|已经)?(超标|达标|合格)了?[吗没伐不呢]?[？?]?$")
NOT_MONEY = r"(?!份|天|日|年|个|次|页|吨|人|项|件|张|时间|材料|资料|小时|周|月|字)"
ASKED = {
    "unit price": re.compile(
        r"多少钱?(一|每)(吨|立方|方水|度电|公斤|千克|当量|桶|袋)|(每|(?<!另)一)(吨|立方米?|方水|度电|公斤|千克|个?污染当量|当量|桶|袋)"
        r"[^，,。？?]{0,6}(多少钱|多少元|几块钱|交多少|收多少|什么价)|单价(是|为|大概是|一般是)?多少"
    ),
    "amount": re.compile(
        rf"多少钱|(收|交|补|奖|拿|给|奖励|补贴|补助|资助)多少{NOT_MONEY}|多少费|什么价|价位|成交价|几块钱|多少元|"
        r"金额是多少|税额是多少|收费标准是多少|一吨多少|一度多少|一方多少"
        # a cost, a grant or a price put as how much (编制费用大概要多少, 能拿到多少补偿资金); not its share, who bears
        # how much of it (整治的费用要我们出多少: the law says who bears it), nor on what basis (按什么算: the law says)
        r"|^(?!.*(按什么|怎么算|怎么计算|如何计算|什么标准|依据)).*((费用|资金|补贴|补助|奖金|奖励|价格|价钱|成本|预算|经费|保费"
        r"|服务费|额度)((?!比|率|出|承担|负担|分摊)[^，,。？?]){0,6}(多少|几万|几千|几百)"
        rf"{NOT_MONEY}(?!倍|家|种|类)|(拿|领|得|发|补)(到|得到)?多少(?=[^，,。？?]{{0,8}}(钱|资金|补贴|补助|补偿|奖金|奖励|经费)))"
    ),
    # a share, or a rate put as how much (传输有效率要达到多少; not a tax's, a fee's, a loan's or an exchange rate,
    # nor how often: 频率)
    "ratio": re.compile(
        r"比例是多少|比例多少|比例为多少|多大比例|多少比例(?![^，,。？?]{0,4}(要求|规定))|百分之几|百分之多少|百分比是多少|几成|打几折|补贴比例"
        r"|(?<![频税利汇费])率[^，,。？?罚]{0,6}多少"
    ),
    **periods.ASKED,  # a date, how often, a duration, a count of years, an hour of the day
    "limit": re.compile(
        r"(限值|标准值|排放标准|噪声标准)(是|为|定的是|大概是|一般是)?(多少|几)|多少毫克|多少mg|多少分贝|几分贝(?=达标|算达标|合格|才达标|以内|以下)|分贝是多少|"
        r"(浓度|噪声|噪音|排放|限值)[^，,。？?]{0,6}(不能|不得|不准|不许)超过多少|国几|几级标准"
        # ... or a value measured and whether it is over the limit (below)
        r"|" + MEASURED_ASKED.pattern
    ),
    # a measured value's limit put otherwise (排放限值上海执行多少, 油烟浓度标准是多少); not a value
    # compared with the limit (超标多少倍, 低于标准多少能少交税), nor how many years, days or times
    "level": re.compile(
        r"(限值|标准值|浓度|含量|筛选值|管制值|当量值)((?!比|低于|高于|超过|超标|不超过|达到)[^，,。？?]){0,8}"
        r"多少(?![^，,。？?]{0,2}(倍|天|年|次|日|个|小时|周|月))"
    ),
    # how high, thick or large a structure is built (烟囱多高, 防渗层多厚, 暂存间多大面积), a structure
    # named: 多高 alone is as often how high a fine, a tax or a bar is (罚款最高能有多高, 门槛有多高);
    # not a zone (保护区多大面积) nor how far (多远, 几米内), which the law draws by who delimits them
    "dimension": re.compile(
        r"(烟囱|排气筒|烟道|围挡|围墙|隔声屏|屏障|防渗|池|罐|槽|暂存间|贮存间|仓库|堆场|构筑物|棚|井)"
        r"[^，,。？?]{0,8}(多高|多厚|多深|多粗|多大面积|面积(要|得|需要|至少|最少)?多大|(容积|体积)(要|得|需要|至少)?多大|多大的?(容积|体积))"
        r"|^(?!.*(规定|要求|要不要|需不需要|内容|写哪些|写什么)).*(标签|标识|标志牌|警示牌)[^，,。？?]{0,6}"
        r"(啥尺寸|什么尺寸|尺寸多大|多大尺寸|尺寸是多少|规格是多少|要做多大|做多大)"
    ),
    # a temperature to keep or set, named (炉膛温度要保持在多少度, 脱附温度设几度合适); not electricity (用电
    # 多少度), not how long a record of it is kept (温度记录保存多少年), and not water discharged or the
    # law's requirement asked (冷却水排河温度要降到多少: the water law's 水温 rule answers it)
    "temperature": re.compile(
        r"^(?!.*(用电|耗电|电量|度电|发电|电费|要求|规定|法律|法规|怎么管|管不管|管得|谁管|讲究|排|废水|冷却水|含热))"
        r".*(温度|水温|炉温)[^，,。？?]{0,10}(多少|几度|多高)(?![^，,。？?]{0,2}(年|天|日|次|个|小时|周|月|份|钱|元|倍))"
        r"|多少(摄氏度|℃)"
    ),
    # the number that makes a thing count as something (养到多少头算规模化, 低于多少才算低VOCs), or its
    # floor put plainly (门槛是多少吨, 规模最低要达到多少吨, 存栏多少头以上, 多少吨起); not a duty asked after it
    # (产生量多少吨以上要编管理计划: the law puts it on every unit, without a floor)
    "threshold": re.compile(
        r"(低于|高于|超过|达到|养到|到了?|满)多少[^，,。？?]{0,6}(才算|就算|算是?|才属于|属于|才叫)"
        r"|多少[^，,。？?]{0,8}以上(才|就|的话)|超过多少[^，,。？?]{0,4}(需要|要|就|才|必须|会(?!被?罚))"
        r"|门槛(是|为|有|大概|一般)?多少|(最低[^，,。？?]{0,6}多少|多少[^，,。？?]{0,3}(以上|起))(?![^，,。？?]{0,4}(才|要|需|必须|得|应))"
        # ... or put as how many make it count, or put it on a list (存栏多少头生猪才算, 排多少吨会被列入名录); not a
        # value compared with a limit (超过标准多少会被列入审核: any exceedance, which the law states)
        r"|^(?!.*(低于|高于|超过|超出)).*(多少[^，,。？?]{0,8}(才算|就算|才属于|才能算)"
        r"|多少[^，,。？?]{0,10}(会被|就会被|才会被|要被)(列入|纳入|列为|认定))"
        # ... or the number classes are divided by (放射源按活度多少来划分, 按排放量多少吨来划分); not 多大, which
        # asks the factors as often (按企业规模多大来划分: 根据…影响程度等因素), nor the size that brings a duty
        # (多大规模的饭店要装油烟净化设施: the law puts it on every one)
        r"|(按|根据|依据)照?[^，,。？?]{0,10}多少[^，,。？?]{0,6}(划分|区分|划定|界定|分类|分级|来分|来定)"
    ),
    # how many people, points or training hours (专家至少要几名, 要装几个点位, 多少学时); not an hour (几点)
    "count": re.compile(
        r"(至少|最少|最低|起码|要|需要|得|应该?|设|装|配|派|布)[^，,。？?]{0,3}(几|多少)(个|名|位)?(人|专家|点位|监测点|采样点|监控点)"
        r"|(几|多少)个?(学时|课时)"
        r"|(人员|专家|点位|监测点|采样点|监控点)[^，,。？?]{0,6}(几个|多少个|几名|多少名|多少人|几人|几位)(?=人|[？?，,。吗呢啊]|$)"
    ),
    # how many classes or grades a scheme has (信用评价分几个等级, 垃圾分几类), not who sets them
    "classes": re.compile(
        r"^(?!.*谁).*(分(为|成)?(几|多少)个?(等级|级别|档次|档|级|类|种)|(几|多少)个(等级|级别|档次))"
    ),
    # a sign's or a label's size, colour, style or material (标志牌的尺寸和颜色有什么规定); not who sets it, nor
    # what it must say (内容)
    "appearance": re.compile(
        r"^(?=.*(标志|标识|标签|标牌|警示牌|指示牌))(?!.*(谁|部门|内容|要不要|需不需要|是否需要))"
        r".*((尺寸|颜色|底色|样式|材质|规格|式样|字体|图案|图形符号)[^，,。？?]{0,10}(规定|要求|标准|是什么|什么样|多大|多少|有哪些|模板)"
        r"|(什么|啥)(颜色|尺寸|样式|材质|规格))"
    ),
    # a colour (垃圾桶是什么颜色) of anything but a sign or a label (a look, above); not an alert's (红色还是橙色预警)
    "colour": re.compile(
        r"^(?!.*预警).*((什么|啥|哪种|哪个)颜色|颜色(是什么|是啥|分别是|有哪些)|[红黄蓝白黑灰棕橙紫绿]色还是)"
    ),
    # the papers to hand in (备案要提交哪些材料, 申请材料有哪些), though no figure: a clause lists them or names
    # the paper to hold (持许可证复印件) where the law says
    "materials": re.compile(
        r"(提交|准备|带|交|报送|提供|递交|备齐)(哪些|什么|啥)(申请|申报|备案)?(材料|资料|文件|证件)"
        r"|(申请|申报|备案)?(材料|资料)(有哪些|是什么|要哪些|包括哪些|清单)"
    ),
    # the formula a quantity is worked out by (许可排放量按什么公式核算), though no figure either
    "formula": re.compile(r"(什么|啥|哪个|哪种)(计算|核算)?公式|公式(是|怎么|如何)|计算公式"),
    # which trades, steps or areas a pilot or an exemption takes in (两证合一试点扩大到哪些行业, 简单机加工豁免
    # 包括哪些工序): a clause lists them; not a scope (适用范围包括哪些领域: the article saying who draws it answers)
    "sectors": re.compile(
        r"(试点|豁免|特别排放限值)[^，,。？?]{0,16}(扩大到|覆盖|包括|涵盖|适用于?|有)了?哪些(行业|领域|工序|园区|区域)"
    ),
    # where a form is downloaded (申请表在哪里下载), though no figure: a clause names the platform or the text
    "download": re.compile(r"(在哪里?|去哪里?|哪里|从哪里?|哪儿|在哪儿)(能|可以)?下载|下载(地址|链接|入口)"),
    # the qualification or certificate a firm or a worker must hold (咨询机构需要具备什么资质, 操作工考的是什么证)
    "credential": re.compile(
        r"(什么|哪些|啥|哪种)(样的)?(资质|资格证?|职业资格|证书)|资质(要求|条件)|持(什么|啥|哪些|哪种)[^，,。？?]{0,4}证"
        r"|(考|拿)(的是)?(什么|啥|哪个)证"
    ),
}

# A measured value (in dB, mg or μg), a 国X stage (not 全国一体化) or a numbered class: a limit's.
MEASURED = re.compile(NUMBER + r"+\s*(分贝|dB|毫克|mg|微克|μg)|国[一二三四五六](?!体)|[ⅠⅡⅢⅣⅤ]类")

# What states a figure of each kind in a clause. An article that levies or charges (征收, 收费,
# 资费) answers an amount as far as the law does, by saying who sets it (「河道维护管理费交多少」:
# 「具体征收…办法由市人民政府另行制定」), as one that waives it does (不得收取, 免征, 不承担…费用);
# a penalty article states a fine or cites the article that does.
STATED = {
    "amount": re.compile(
        NUMBER + r"+\S{0,2}(元|倍)|价格|税额|征收|资费|收费|收取|免费|无偿|不承担[^。；]{0,12}费用|"
        r"百分之|万分之|千分之|%|％|减按|减半|免征|罚款|罚金|处罚"
    ),
    "ratio": re.compile(r"%|％|分之|免征|免税|[一二三四五六七八九十]成|减半|减按|" + NUMBER + r"+\S{0,2}倍"),
    "limit": MEASURED,
    "unit price": re.compile(NUMBER + r"+\S{0,2}元|减半|减按|免征|免收|不得收取|不收取|不再征收|停止征收"),
    "level": re.compile(MEASURED.pattern + "|" + NUMBER + r"+\s*(千克|公斤|kg)"),  # a pollution equivalent's value too
    # a length, an area or a volume, or a height set by something else (不低于堆放物高度)
    "dimension": re.compile(NUMBER + r"+\s*(米|厘米|毫米|公里|千米|平方|立方|公顷|亩)|高度|厚度|深度|面积|容积|体积"),
    "temperature": re.compile(NUMBER + r"+\s*(℃|度(?!电)|摄氏度)|摄氏|℃"),
    # a number with a unit (not 统一, 一般, （一） or 第七十八条)
    "threshold": re.compile(
        r"[0-9０-９]|[一二三四五六七八九十百千万两半]+(吨|头|只|羽|千克|公斤|立方|平方|亩|元|万元|人|台|辆|年|个月|日|天|小时|分钟|次|分贝|毫克|毫米|米|倍)|分之"
    ),
    **periods.STATED,
    "count": re.compile(NUMBER + r"+\S{0,2}(名|人|个|处|位|学时|课时)|分之|半数|过半|全体|专人"),
    # a number of classes or grades, the classes named (分为, 划分为, Ⅰ类, A级, 市管、区管) or listed (下列, （一）)
    "classes": re.compile(
        NUMBER + r"+\S{0,2}(等级|级|类|档|种)|分为|划分为|分成|分级|[ⅠⅡⅢⅣⅤ]类|[A-DＡ-Ｄ]级|以下|下列|（一）"
        r"|(级|管|类)[^，。；]{0,4}[、和及与][^，。；]{0,6}(级|管|类)"
    ),
    # a colour, a size or a style, or the standard that sets them (制定相应标准)
    "appearance": re.compile(
        NUMBER + r"+\s*(米|厘米|毫米)|[红黄蓝白黑灰棕橙紫]色|尺寸|规格|式样|样式|图形|颜色|制定[^。；]{0,6}标准"
    ),
    # a colour named (绿色 only as a thing's colour, not a green development or channel)
    "colour": re.compile(r"[红黄蓝白黑灰棕橙紫]色|绿色的?(桶|容器|标志|标识|底|字)"),
    # a product, a quotient or a sum, or the method of working out (计算方法)
    "formula": re.compile(r"乘以|除以|之和|相乘|相加|减去|余额|平均值|减按|×|计算公式|方法"),
    # things listed (电镀、印染等行业), or a series of three names without 等 (青海省、四川省、西藏自治区)
    "sectors": re.compile(LISTED + r"|、[^。；、]{1,12}、"),
    # a platform, a system or a site named, or the form's text the authority provides (格式文本, 示范文本)
    "download": re.compile(r"平台|系统|网站|网上|一网通办|门户|官网|格式文本|示范文本"),
    # a qualification, a certificate or the conditions and staff a licence asks for
    "credential": re.compile(
        r"资质|资格|证书|证件|工作证|持证|合格证|考核|培训合格|上岗|执业|职称|技术人员|能力|条件|许可|注册|认证|检定"
    ),
    "materials": re.compile(
        r"材料|资料|提交|提供|报送|申请书|申请表|登记表|报表|文件|证明|证件|复印件|原件|下列|以下|附|方案|台账|报告(?![书表])"
        r"|联单|凭证|合同|证书|承诺书"
    ),
}

# A fine named anywhere in the question makes the amount it asks for the fine's: 「罚款大概多少钱」,
# 「要被处以多少元的罚款」, 「按日连续处罚的话，一共算下来大概多少钱」.
FINE_RE = re.compile(r"罚")
# Not what counts as a 较大数额 (罚款多少钱以上才算较大数额): the law on penalties leaves that sum to each province,
# and only a number states it (not the word 罚款); nor how long one has to appeal a fine (多少天内申请行政复议),
# which is the law on appeals' and not held.
SUM_RE = re.compile(r"较大数额|数额较大")
APPEAL_RE = re.compile(r"复议|诉讼|起诉")
# The figures a fine named leaves to the penalty articles (a ratio, an hour and a limit are read beside one too).
FINED = frozenset(ASKED) - {"ratio", "hour", "limit"}


def asked_figure(question: str) -> str | None:
    """Which kind of figure ``question`` asks for, if any (unit price, amount, ratio, date, frequency, duration,
    years, an hour of the day, an appeal's days, limit, level, dimension, temperature, threshold, count, classes,
    appearance, colour, the papers to hand in, a formula, a pilot's trades, a form's download or a qualification).

    >>> asked_figure("举报查实了奖金一般能拿多少钱"), asked_figure("环评审批要多久")
    ('amount', None)
    >>> asked_figure("超标排放要罚多少钱") is None, asked_figure("罚款多少钱以上算较大数额")
    (True, 'amount')
    >>> asked_figure("污水处理费多少钱一吨"), asked_figure("污染者一方要赔多少钱")
    ('unit price', 'amount')
    """
    for kind, pattern in ASKED.items():
        if pattern.search(question) is None:
            continue
        if kind in FINED and FINE_RE.search(question) and not (SUM_RE.search(question) or APPEAL_RE.search(question)):
            continue  # the penalty articles state it or cite where it is
        return kind
    return None


def unstated(question: str, clauses: Sequence[str], *, message: str = "") -> str | None:
    """The kind of figure ``question`` asks for when the clauses found (best first) do not state one of that kind;
    ``None`` when it asks for none or they state one. A date, how often, a duration or a count of years is read
    in the best two (:data:`READ_IN_TWO`): a procedure's time limit often ranks just after the article naming the
    procedure (「环评审批几个工作日能批」); a share in the best three, as the article granting a relief comes after
    the ones defining its terms and citing it (「能不能减征，按多少比例减」); any other figure in the best one alone (an
    hour also in the second for night work): reading the runners-up too declined fewer out-of-scope questions on the
    dev parts and kept no in-scope one more. A value measured and whether it is over the limit is read in the whole
    ``message`` too, as the value is often told before the question (「空压机八十几分贝，这个算不算超标」)."""
    measured = EXCEEDS_ONLY.search(question) and MEASURED_ASKED.search(message)
    kind = asked_figure(question) or ("limit" if measured else None)
    if kind is None:
        return None
    reach = 3 if kind == "ratio" else 2 if kind in READ_IN_TWO or (kind == "hour" and NIGHT_RE.search(question)) else 1
    stated = STATED["threshold"] if SUM_RE.search(question) else STATED[kind]  # a 较大数额: only a number states it
    return None if any(stated.search(text) for text in clauses[:reach]) else kind
