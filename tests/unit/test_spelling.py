"""bot.core.parsing.spelling: a metric word typed with the wrong characters of its sound."""

from __future__ import annotations

from bot.core.parsing.spelling import Homophones

KEYWORDS = ("到馆", "进馆", "外借", "办证", "活动", "借出")


def test_a_slip_before_a_number_becomes_the_word_it_sounds_like() -> None:
    low, notes = Homophones(KEYWORDS).repair("到官 120 外接95", "到官 120 外接95")
    assert low == "到馆 120 外借95"  # the same length: every position carries over
    assert [(n.code, n.text, n.meant) for n in notes] == [
        ("assumed_spelling", "到官", "到馆"),
        ("assumed_spelling", "外接", "外借"),
    ]


def test_the_right_word_and_words_without_a_number_stay_as_they_are() -> None:
    homophones = Homophones(KEYWORDS)
    assert homophones.repair("到馆 120", "到馆 120") == ("到馆 120", [])
    assert homophones.repair("外界很冷 到馆 3", "外界很冷 到馆 3") == ("外界很冷 到馆 3", [])


def test_a_sound_two_metric_words_share_is_never_guessed() -> None:
    homophones = Homophones(("借书", "接书"))  # both jie shu
    assert homophones.repair("解书 5", "解书 5") == ("解书 5", [])


def test_a_run_that_holds_a_metric_word_already_is_left_alone() -> None:
    homophones = Homophones((*KEYWORDS, "借阅"))
    assert homophones.repair("外借约1,234", "外借约1,234") == ("外借约1,234", [])


def test_pypinyins_tables_are_set_outside_the_collectors_reach_once_loaded() -> None:
    """Its 190,000 lists live as long as the process: a full collection must not walk them."""
    import gc

    from bot.core.parsing import spelling

    spelling._pinyin.cache_clear()
    spelling._sound.cache_clear()
    gc.unfreeze()  # as before the first slip of a process
    try:
        Homophones(KEYWORDS).repair("到官 120", "到官 120")
        from pypinyin.phrases_dict import phrases_dict

        assert not any(table is phrases_dict for table in gc.get_objects())
        assert gc.get_freeze_count() > 100_000
    finally:
        gc.unfreeze()
