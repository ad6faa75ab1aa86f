"""The batch search rule: word prefixes, all words required (the same rule the index answers)."""

from mesdesk.domain.search import matches, number_searched, search_words, tsquery


def test_words_are_lower_case_prefixes_and_punctuation_is_not_a_wildcard():
    assert search_words("  Вода «Родник», 0,5 л ") == ["вода", "родник", "0", "5", "л"]
    assert search_words("%_*:&|!") == []
    assert tsquery(search_words("вод EKN-104")) == "вод:* & ekn:* & 104:*"


def test_every_word_must_start_some_word_of_the_batch():
    values = ("Вода питьевая «Родник» 0,5 л", "EKN-10452", "Задание на смену №994503")
    assert matches(search_words("вод род"), *values)
    assert matches(search_words("10452"), *values)
    assert matches(search_words("99450"), *values)
    assert not matches(search_words("одник"), *values)   # a prefix, not any substring
    assert not matches(search_words("вода молоко"), *values)


def test_a_whole_number_also_means_a_batch_number():
    assert number_searched(" 105 ") == 105
    assert number_searched("1234567890") is None  # longer than a batch number can be
    assert number_searched("10a") is None
