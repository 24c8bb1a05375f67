"""A request's wrong values are told in Chinese, with the limit they broke; our own validators' words stay as said."""

from gaoxin.core.api import value_problem


def test_limits_are_named():
    assert (
        value_problem({"type": "less_than_equal", "ctx": {"le": 200}, "msg": "Input should be ≤ 200"}) == "应不大于 200"
    )
    assert value_problem({"type": "string_too_long", "ctx": {"max_length": 20}}) == "不能超过 20 个字"


def test_our_validators_message_is_kept_without_pydantics_prefix():
    error = {"type": "value_error", "msg": "Value error, 身份证号码应为18位", "ctx": {"error": "身份证号码应为18位"}}
    assert value_problem(error) == "身份证号码应为18位"


def test_an_unknown_kind_keeps_its_own_message():
    assert value_problem({"type": "url_parsing", "msg": "Input should be a valid URL"}) == "Input should be a valid URL"
