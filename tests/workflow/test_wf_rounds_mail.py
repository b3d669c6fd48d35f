"""The 报送 grid (states, 本期已报 n/N, overdue) and notification e-mail through a local SMTP server."""
from datetime import date

import pytest

from data.db import reading
from data.imports import service
from data.workflow import notify
from figures.rounds import round_state
from workbooks import long_form

SEVEN = ["130502", "130503"]  # 襄都区, 信都区


def figures(region, name, period, rd, hnte):
    return long_form([[region, name, "RD_EXP", "R&D经费", period, "是", rd, "万元", "正式", ""],
                      [region, name, "HNTE", "高新技术企业数", period, "否", hnte, "家", "正式", ""]])


def test_round_states_and_counts(wf_store, stage_as):
    # history (2026Q1) published for 襄都区 and 清河县: the round expects the indicators seen quarterly
    with reading(wf_store) as conn:
        hist = service.analyse(conn, [("h.xlsx", long_form([
            ["130502", "襄都区", "RD_EXP", "R&D经费", "2026Q1", "是", 100, "万元", "正式", ""],
            ["130534", "清河县", "HNTE", "高新技术企业数", "2026Q1", "否", 60, "家", "正式", ""]]))])
    with wf_store.begin() as conn:
        rev = service.stage(conn, hist, "free", submit=True)
        service.publish_revision(conn, rev, "boss")
    pub = stage_as("free", ("襄都.xlsx", figures("130502", "襄都区", "2026Q2", 200, 30)))
    with wf_store.begin() as conn:
        service.publish_revision(conn, pub, "boss")
    stage_as("staff", ("清河.xlsx", figures("130534", "清河县", "2026Q2", 9000, 61)))
    rej = stage_as("free", ("信都.xlsx", figures("130503", "信都区", "2026Q2", 300, 20)))
    with wf_store.begin() as conn:
        service.reject_revision(conn, rej, "boss", "数不对")
    half = stage_as("free", ("任泽.xlsx", long_form([["130505", "任泽区", "RD_EXP", "R&D经费", "2026Q2", "是", 50,
                                                        "万元", "正式", ""]])))
    with wf_store.begin() as conn:
        service.publish_revision(conn, half, "boss")
    with reading(wf_store) as conn:
        before = round_state(conn, "2026Q2", "130500", today=date(2026, 7, 15))
        after = round_state(conn, "2026Q2", "130500", today=date(2026, 7, 16))
    assert before["indicators"] == ["RD_EXP", "HNTE"] and before["deadline"] == date(2026, 7, 15)
    u = before["unit_states"].set_index("region")
    got = {r: (u.loc[r, "state"], u.loc[r, "published"], u.loc[r, "submitted"]) for r in
           ("130502", "130503", "130505", "130534", "130533")}
    assert got == {"130502": ("published", 2, 0), "130503": ("rejected", 0, 0), "130505": ("missing", 1, 0),
                   "130534": ("submitted", 0, 2), "130533": ("missing", 0, 0)}
    assert (before["reported"], before["expected"], before["overdue"]) == (2, 18, [])
    cells = before["cells"].set_index(["region", "indicator"])["state"]
    assert (cells[("130505", "RD_EXP")], cells[("130505", "HNTE")]) == ("published", "missing")
    ua = after["unit_states"].set_index("region")["state"]
    assert (ua["130505"], ua["130533"], ua["130503"], ua["130534"]) == ("overdue", "overdue", "rejected", "submitted")
    assert len(after["overdue"]) == 15 and "130534" not in after["overdue"]
    # overdue notices reach the uploaders bound to the unit, once
    with wf_store.begin() as conn:
        from data.workflow import scopes

        scopes.set_regions(conn, "staff", ["130534", "130533"], actor="test")
        assert notify.notify_overdue(conn, after) == 1
        assert notify.notify_overdue(conn, after) == 0
    with reading(wf_store) as conn:
        assert [n["text_zh"] for n in notify.list_for(conn, "staff") if n["kind"] == "overdue"] == [
            "威县2026Q2数据已逾期（截止日期 2026-07-15），请尽快报送。"]


@pytest.fixture
def smtp_server():
    """aiosmtpd on a free loopback port; `messages` collects what arrives."""
    import socket

    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Collect(Message):
        def __init__(self):
            super().__init__()
            self.messages = []

        def handle_message(self, message):
            self.messages.append(message)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Collect()
    ctl = Controller(handler, hostname="127.0.0.1", port=port)
    ctl.start()
    yield f"smtp://127.0.0.1:{port}", handler.messages
    ctl.stop()


def test_rejection_is_emailed_when_smtp_url_is_set(wf_store, stage_as, smtp_server):
    url, inbox = smtp_server
    with wf_store.begin() as conn:
        notify.set_email(conn, "staff", "staff@kjj.qinghe.local", actor="test")
        notify.set_email(conn, "boss", "boss@kjj.qinghe.local", actor="test")
    rev = stage_as("staff", ("清河.xlsx", figures("130534", "清河县", "2026Q2", 9000, 61)))
    assert notify.send_pending(wf_store, "") == 0  # no SMTP_URL: nothing is sent, nothing is marked
    assert notify.send_pending(wf_store, url) == 1
    with wf_store.begin() as conn:
        service.reject_revision(conn, rev, "boss", "R&D经费与快报不符")
    assert notify.send_pending(wf_store, url, "dashboard@kjj.qinghe.local") == 1
    assert notify.send_pending(wf_store, url) == 0  # each notice is mailed once
    assert [m["To"] for m in inbox] == ["boss@kjj.qinghe.local", "staff@kjj.qinghe.local"]
    body = inbox[1].get_payload(decode=True).decode("utf-8")
    assert f"批次 {rev} 被 boss 退回。退回意见：R&D经费与快报不符。" in body
    assert inbox[1]["From"] == "dashboard@kjj.qinghe.local"


def test_a_mail_server_that_is_down_loses_nothing(wf_store, stage_as):
    with wf_store.begin() as conn:
        notify.set_email(conn, "boss", "boss@kjj.qinghe.local", actor="test")
    stage_as("staff", ("清河.xlsx", figures("130534", "清河县", "2026Q2", 9000, 61)))
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    assert notify.send_pending(wf_store, f"smtp://127.0.0.1:{dead}", timeout=2) == 0
    with reading(wf_store) as conn:
        assert notify.list_for(conn, "boss")[0]["emailed_at"] is None  # retried next time
    with pytest.raises(Exception, match="邮箱地址无效"), wf_store.begin() as conn:
        notify.set_email(conn, "boss", "not an address", actor="test")


def test_the_round_expects_the_rankings_group(wf_store):
    """Every round page, the API and the CLI ask one function for the group: GROUP_CITY when set, else the home
    county's parent city (figures.ranking.group_of); an unknown home county has none."""
    from figures.rounds import round_group

    with reading(wf_store) as conn:
        got = [round_group(conn, "130534"), round_group(conn, "130534", "130100"), round_group(conn, "999999")]
    assert got == ["130500", "130100", ""]
