"""UI text uses full-width punctuation between Chinese words (，；：（）), as Chinese offices expect."""

from zhibu.core.typography import fullwidth_line


def test_fullwidth_line_examples():
    assert fullwidth_line("应为18位,前17位为数字") == "应为18位，前17位为数字"
    assert fullwidth_line('f"校验位错误(应为{x})"') == 'f"校验位错误（应为{x}）"'
    assert fullwidth_line("名册文件(.xlsx),格式同模板") == "名册文件(.xlsx)，格式同模板"
    assert fullwidth_line("x = f(a, b)  # 注释") == "x = f(a, b)  # 注释"
