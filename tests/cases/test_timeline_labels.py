from sanxiang.cases.templatetags.cases_labels import act_label_filter


def test_act_codes_read_in_chinese_on_the_timeline():
    assert str(act_label_filter("file")) != "file"
    assert str(act_label_filter("open")) != "open"
    assert not str(act_label_filter("file")).isascii()
