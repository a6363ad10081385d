"""MAIL FROM and RCPT TO paths: mailgate reads the common form <dot-atom@dot-atom> without the email
package's header parser (mailgate/smtp.py _PLAIN_PATH); for every argument, what it returns must be what
aiosmtpd's own _getaddr returns."""

from __future__ import annotations

import asyncio

import pytest
from aiosmtpd.smtp import SMTP
from hypothesis import given, settings
from hypothesis import strategies as st

from mailgate.config import Config
from mailgate.pipeline import Envelope as MailEnvelope
from mailgate.pipeline import Outcome
from mailgate.smtp import _PLAIN_PATH, Handler, MailgateSMTP, SMTPServer


@pytest.fixture(scope="module")
def session() -> MailgateSMTP:
    async def processor(raw: bytes, envelope: MailEnvelope) -> list[Outcome]:
        return []

    handler = Handler(Config().smtp, processor)
    loop = asyncio.new_event_loop()
    try:
        return MailgateSMTP(handler, SMTPServer(handler), hostname="mx.reply.bank.example", loop=loop)
    finally:
        loop.close()


def agree(session: MailgateSMTP, arg: str) -> None:
    try:
        expected = SMTP._getaddr(session, arg)
    except Exception:  # aiosmtpd's parser fails on a few paths; mailgate calls them malformed
        expected = (None, None)
    assert session._getaddr(arg) == expected, arg


COMMON = [
    "<lisa@example.com>",
    "<lisa@example.com> SIZE=1234",
    "<Lisa.Marie+news@Mail.Example.co.uk>  SIZE=1234 BODY=8BITMIME",
    "<o'brien@example.ie> BODY=7BIT",
    "<a/b=c?d^e_f`g{h|i}j~k!#$%&*@x-y.example>",
    "<bounce+h3x9q2@reply.bank.example>",
]


@pytest.mark.parametrize("arg", COMMON)
def test_the_common_form_is_read_without_the_header_parser(session: MailgateSMTP, arg: str) -> None:
    assert _PLAIN_PATH.fullmatch(arg) is not None
    agree(session, arg)


@pytest.mark.parametrize(
    "arg",
    [
        "",
        "<>",
        "<> SIZE=5",
        '<"x y"@b.example>',
        " <a@b.example>",
        "<@r1,@r2:a@b.example>",
        "<a.b+c@d.example>BODY=8BITMIME",
        "<a@[192.0.2.1]>",
        "<a..b@c.example>",
        "<a@b..c>",
        "<.a@b.example>",
        "<a@b.example.>",
        "<a(comment)@b.example>",
        "<a@b.example> (comment) SIZE=1",
        "<a b@c.example>",
        "<üser@example.de>",
        "<user@bücher.example>",
        "<a@b.example",
        "<a@b.example >",
        "<a@b.example>x",
        "a@b.example",
        "a@b.example SIZE=1",
        "<" + "x" * 65 + "@example.com>",
        "<" + "x" * 64 + "@example.com>",
    ],
)
def test_other_forms_are_read_as_aiosmtpd_reads_them(session: MailgateSMTP, arg: str) -> None:
    agree(session, arg)


_ATOM = st.text(alphabet="abcXYZ019!#$%&'*+/=?^_`{|}~-", min_size=1, max_size=6)
_LABEL = st.text(alphabet="abcXYZ019-", min_size=1, max_size=6)
_NOISE = st.text(alphabet='ab.@<>()[]":,; \t-+=\\', max_size=4)


@settings(max_examples=400, deadline=None)
@given(
    local=st.lists(_ATOM, min_size=1, max_size=3),
    domain=st.lists(_LABEL, min_size=1, max_size=3),
    params=st.sampled_from(["", " SIZE=10", "  BODY=8BITMIME SIZE=1", "\tSMTPUTF8", " (x)", "x"]),
    before=_NOISE,
    after=_NOISE,
)
def test_built_paths_agree(
    session: MailgateSMTP, local: list[str], domain: list[str], params: str, before: str, after: str
) -> None:
    plain = f"<{'.'.join(local)}@{'.'.join(domain)}>{params}"
    agree(session, plain)
    agree(session, before + plain + after)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet='ab.@<>()[]":,; \t-+=\\éS1', max_size=30))
def test_any_argument_agrees(session: MailgateSMTP, arg: str) -> None:
    agree(session, arg)
