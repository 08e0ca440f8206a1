"""Days named by their festival (国庆节, 中秋, 大年初一, National Day) and holiday periods
(春节期间, 国庆7天, 暑假, 黄金周): never filed as the day a message is sent.

A festival's name is also the theme of what a library holds for it (中秋节活动 2场,
端午节主题活动, 元旦晚会), a greeting (中秋快乐) or a place (五一路, 国庆路分馆): there it
names no day, and what follows it says so.
"""

from __future__ import annotations

import re

__all__ = ["HOLIDAY_PERIODS_STARTS", "HOLIDAY_PERIODS_ZH", "find_festival_days"]

# The festivals, simplified and traditional; 节 may follow any of them. Each alternative
# starts with a character (六一儿童节 and 儿童节 are two), so that a search for them skips to
# those characters (scan.py): found nowhere, no festival day is looked for.
_FESTIVALS_ZH = (
    r"元旦|春[节節]|除夕|大年(?:三十|初[一二三四五六七八九十])|正月(?:初[一二三四五六七八九十]|十五)"
    r"|元宵[节節]|清明[节節]|五一(?![〇零一二三四五六七八九十百千万萬亿億两兩\d])|劳动[节節]|勞動[节節]|端午|七夕|中秋|国庆|國慶|重阳|重陽|腊八|臘八"
    r"|圣诞|聖誕|平安夜|六一儿童[节節]|儿童[节節]|六一兒童[节節]|兒童[节節]"
    r"|三八妇女[节節]|妇女[节節]|三八婦女[节節]|婦女[节節]"
    r"|教师[节節]|教師[节節]|植树[节節]|植樹[节節]|母亲[节節]|母親[节節]|父亲[节節]|父親[节節]|情人[节節]"
)
# What makes a festival's name a theme, a greeting or a place rather than a day.
_NOT_A_DAY = (
    r"主题|主題|活动|活動|系列|专场|專場|特别|特別|讲座|講座|展|猜|送|读书|讀書|故事|手工|晚会|晚會"
    r"|诗|詩|亲子|親子|游园|遊園|文化|快乐|快樂|祝福|放假|安排|值班|开放|開放|征文|徵文|知识|知識"
    r"|民俗|传统|傳統|习俗|習俗|灯谜|燈謎|diy|绘本|繪本|粽|月饼|月餅|书法|書法|剪纸|剪紙|春联|春聯"
    r"|福字|美食|快闪|快閃|联欢|聯歡|游戏|遊戲|礼物|禮物|阅读|閱讀|班|营|營|托管|作业|作業|课|課"
    r"|计划|計劃|书单|書單|路|街|大道|村|社区|社區|小区|小區|广场|廣場|桥|橋|镇|鎮|乡|鄉|分馆|分館"
)
# A holiday period: figures over it are a total (periods.py), never one day's. 请假期间
# (on leave) is no holiday.
HOLIDAY_PERIODS_ZH = (
    rf"(?:(?:{_FESTIVALS_ZH}|十一)[节節]?[ \t]*"
    r"(?:小?长假|小?長假|假期|期间|期間|黄金周|黃金週|[七7]天)"
    r"|(?:寒假|暑假|黄金周|黃金週|小长假|小長假|节假日|節假日|(?<![请請休])假期)(?:期间|期間)?)"
    rf"(?![ \t]*(?:{_NOT_A_DAY}))"
)
_FIRST_CHARS = "元春除大正清五劳勞端七中国國重腊臘圣聖平六儿兒三妇婦教植母父情"
HOLIDAY_PERIODS_STARTS = _FIRST_CHARS + "十寒暑黄黃小节節假"  # what a holiday period starts with
_AFTER_A_NUMBER = r"(?<![\d一二三四五六七八九十百千万萬零两兩〇])"  # 二十五一共 is no 五一
_FESTIVAL_DAY = re.compile(
    rf"(?=[{_FIRST_CHARS}]){_AFTER_A_NUMBER}(?>(?:{_FESTIVALS_ZH})[节節]?日?(?:当天|當天|那天|这天|這天)?)"
    rf"(?![ \t]*(?:{_NOT_A_DAY}))"
)
# The English names, each alternative starting with a letter as the Chinese ones do
_FESTIVALS_EN = (
    r"new[ \t]+year'?s[ \t]+(?:day|eve)|national[ \t]+day"
    r"|mid-?autumn(?:[ \t]+festival)?|spring[ \t]+festival"
    r"|chinese[ \t]+new[ \t]+year|lunar[ \t]+new[ \t]+year"
    r"|dragon[ \t]+boat(?:[ \t]+festival)?|children'?s[ \t]+day|teachers?'?[ \t]+day"
    r"|valentine'?s[ \t]+day|thanksgiving"
)
_FESTIVAL_DAY_EN = re.compile(
    rf"(?=[ncmsdtlv])(?<![a-z])(?:{_FESTIVALS_EN})(?![a-z])"
    r"(?![ \t]*(?:theme|party|parties|events?|activit|fair|crafts?|story|show|reading|special"
    r"|celebration|greetings?|programme|program|books?|display))"
)
# A festival day starts where a festival's name does: each pattern is tried from the first
# name on, and not at all in a message that names none (a search for the names skips to
# their first characters, where the patterns above test every place of the text).
_NAMES = {_FESTIVAL_DAY: re.compile(_FESTIVALS_ZH), _FESTIVAL_DAY_EN: re.compile(_FESTIVALS_EN)}


def find_festival_days(low: str) -> list[re.Match[str]]:
    """Every festival named as a day in a folded message (国庆节到馆 3000: which day?).

    Looked for once the days and the holiday periods are blanked: what is left of a
    festival names one day of it, or all of it, and the message does not say which.
    """
    found: list[re.Match[str]] = []
    for pattern, names in _NAMES.items():
        if (first := names.search(low)) is not None:
            found += pattern.finditer(low, first.start())  # its lookbehind sees before
    return sorted(found, key=re.Match.start)
