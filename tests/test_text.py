"""Tests for the plain-text helpers: word counts, reading time, heading slugs."""

import unicodedata

import pytest

from sitegen.text import count_words, heading_slug, reading_time, word_count


def test_latin_words_split_on_whitespace_and_punctuation():
    assert count_words("Hello, world! One-two (three)") == (5, 0)


def test_apostrophes_and_decimal_points_stay_inside_words():
    assert count_words("don't stop: pi is 3.14, about 1,000 times") == (8, 0)


def test_underscores_split_words_like_other_punctuation():
    assert count_words("snake_case_name __init__ a_\u0301b") == (6, 0)


def test_each_cjk_character_counts_as_one_word():
    assert count_words("你好世界") == (0, 4)
    assert count_words("カタカナ ひらがな 한국어") == (0, 11)


def test_cjk_punctuation_is_not_counted():
    assert count_words("你好，世界。「引用」・") == (0, 6)


def test_mixed_cjk_and_latin_are_counted_separately():
    assert count_words("使用 KV Cache 加速推理") == (2, 6)
    assert word_count("使用 KV Cache 加速推理") == 8


def test_combining_marks_do_not_split_words():
    decomposed = unicodedata.normalize("NFD", "naïve café")
    assert count_words(decomposed) == (2, 0)
    assert count_words("हिन्दी भाषा") == (2, 0)


def test_reading_time_chinese_is_500_chars_per_minute():
    assert reading_time("字" * 500) == 1
    assert reading_time("字" * 501) == 2
    assert reading_time("字" * 1500) == 3


def test_reading_time_english_is_212_words_per_minute():
    assert reading_time("word " * 212) == 1
    assert reading_time("word " * 213) == 2
    assert reading_time("word " * 1000) == 5


def test_reading_time_is_zero_for_no_words_and_at_least_one_otherwise():
    assert reading_time("") == 0
    assert reading_time("  ... !!! 。") == 0
    assert reading_time("hi") == 1


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("推荐 Recommendation", "推荐-recommendation"),
        ("What's new in v2.0?", "whats-new-in-v20"),
        ("KV Cache & Paged Attention", "kv-cache--paged-attention"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("Ünïcode Straße", "ünïcode-straße"),
        ("  Padded  ", "padded"),
    ],
)
def test_heading_slug_is_github_style(title, slug):
    assert heading_slug(title) == slug


def test_cjk_heading_slug_keeps_chinese():
    assert heading_slug("注意力机制：原理") == "注意力机制原理"


def test_heading_slug_of_only_punctuation_is_section():
    assert heading_slug("?!…") == "section"
    assert heading_slug("") == "section"
