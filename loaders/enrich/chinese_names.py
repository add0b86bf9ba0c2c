"""What tells a Chinese name next to a title, as data: titles, common surnames, and the
characters and phrases that look like part of a name but are not.

Surnames that are also everyday words before a title (和, 于, 向, 全, 国, 华, 班, 区, 管...)
are left out on purpose: 对于医生, 全科医生 and 班主任 name no one. `NOT_NAMES`
lists everyday words that would otherwise read as surname + given name next to a title
(提高医生, 责任护士, 马上医生, 医生常常说); a name that overlaps one of them is kept as text.
"""

from __future__ import annotations

__all__ = ["TITLES", "SURNAMES", "COMPOUND_SURNAMES", "GIVEN_STOP", "NOT_NAMES"]

TITLES = (
    "副主任医师", "主任医师", "主治医师", "住院医师", "副主任", "护士长", "副教授", "副院长",
    "医生", "医师", "大夫", "护士", "护师", "主任", "教授", "老师", "院长", "博士", "科长",
)

SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕"
    "丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵钱严"
    "覃武戴莫孔汤常温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿焦俞左柳甘祝包宁尚舒阮柯纪梅"
    "童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝游辛靳柴蒙鲍喻祁蒲房滕屈饶牟艾尤穆卓褚娄窦戚岑党宫费卜冷晏卫"
    "米柏宗瞿桂佟臧闵邬卞姬栾隋甄仲虞敖巩佘池邝匡鞠荆冀郁胥储栗楚鄢谌奚粟冼蔺楼阚屠朴廉漆狄晋芮晁"
    "阙邸雍辜裘亓邰赫杭逯茹嵇湛戎茅揭尉昝檀郦"
)

COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "司徒", "夏侯", "尉迟", "公孙")

# Characters that end a given name: function words and the parts of job and ward names.
GIVEN_STOP = tuple(
    "的了们些个位名是在和与及或对向给让被把将从于等也都就还很多每各该此这那其他她我你您"
    "科院部室诊区级资年轻线层床业职专主副医护教老师生长士任时说讲称表认提告指问谈答道"
)

NOT_NAMES = (
    # before a title: a word whose last characters read as a surname (and a given name)
    "责任", "主管", "分管", "全科", "专科", "高年资", "年资", "提高", "方便", "支持", "依赖", "包括",
    "普通", "儿童", "健康", "金牌", "党员", "许多", "中国", "韩国", "清华", "华西", "协和", "最高",
    "高级", "初级", "中级", "单个", "白衣", "实习", "住院", "值班", "门诊", "急诊", "影响", "信任",
    # after a title (or before one): adverbs and words that start with a surname character
    "马上", "曾经", "常常", "经常", "何时", "何况", "尤其", "毕竟", "单独", "齐声", "高度", "江湖",
    "温和", "严格", "宁可", "易于", "付出", "包括", "周围", "周末", "周到", "钱包", "石头", "龙头",
    "林林", "章程", "程度", "程序", "史上", "孔子", "常规", "常见", "常用", "温柔", "严重", "严肃",
    "齐全", "康复", "苏醒", "冷静", "冷漠", "米饭", "夏天", "秦朝", "宋朝", "唐朝", "明显", "黄金",
    "田野", "邱比", "牛逼", "童年", "屈服", "詹姆", "包容", "包含", "费用", "费力", "卫生", "蒙受",
)
