"""Settings read from the environment: the e-mail URL."""

import pytest

from zhibu.settings import _email_settings


def test_an_smtp_url_with_starttls_and_quoted_credentials():
    s = _email_settings("smtp+tls://dangwei%40example.edu.cn:p%2Fss@smtp.example.edu.cn")
    assert (s["EMAIL_HOST"], s["EMAIL_PORT"], s["EMAIL_USE_TLS"], s["EMAIL_USE_SSL"]) == (
        "smtp.example.edu.cn", 587, True, False)
    assert (s["EMAIL_HOST_USER"], s["EMAIL_HOST_PASSWORD"]) == ("dangwei@example.edu.cn", "p/ss")


def test_ssl_and_an_explicit_port():
    s = _email_settings("smtp+ssl://smtp.example.edu.cn:994")
    assert (s["EMAIL_PORT"], s["EMAIL_USE_SSL"]) == (994, True)


def test_no_url_means_no_mail():
    assert _email_settings("")["EMAIL_HOST"] == ""


def test_an_unknown_scheme_is_refused():
    with pytest.raises(ValueError, match="unknown scheme"):
        _email_settings("http://smtp.example.edu.cn")
