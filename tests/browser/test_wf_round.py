"""The reporting round end to end (issue 14 "Done when"): a scoped uploader fills the online form for 清河县's
next quarter and submits; the 报送 page shows it 已提交 and the others 未报; an approver sees the diff and
rejects with a comment; the uploader sees the reason in 我的提交 and the bell, corrects and resubmits; the
approver publishes after confirming; the e-mail arrives at a local SMTP server; the provenance of 清河县's
R&D figure shows the file, the cell and both people."""
from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "imports"))
from workbooks import long_form  # noqa: E402

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def inbox():
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Collect(Message):
        messages: list = []

        def handle_message(self, message):
            self.messages.append(message)

    port = _port()
    ctl = Controller(Collect(), hostname="127.0.0.1", port=port)
    ctl.start()
    yield f"smtp://127.0.0.1:{port}", Collect.messages
    ctl.stop()


@pytest.fixture(scope="module")
def round_server(tmp_path_factory, inbox):
    """The app without demo data, holding 2025Q3 and 2026Q2 figures of the 18 units; deadline 90 days so
    2026Q3 is still open (未报, not 逾期); accounts qh-staff (uploader bound to 清河县, with e-mail) and wf-boss."""
    from data.catalogue import load_regions

    inst = tmp_path_factory.mktemp("wf-instance")
    port = _port()
    env = {**os.environ, "INSTANCE_PATH": str(inst), "PORT": str(port), "HOST": "127.0.0.1", "DEMO_DATA": "0",
           "SMTP_URL": inbox[0], "SMTP_FROM": "dashboard@kjj.qinghe.local"}
    env.pop("DATABASE_URL", None)

    def cli(*args, stdin=None):
        done = subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    cli("init-db")
    units = load_regions()
    units = units[(units["parent"] == "130500") & units["in_rankings"] & (units["level"] == "county")]
    rows = []
    for i, (code, name) in enumerate(zip(units["code"], units["name"])):
        rows += [[code, name, "RD_EXP", "R&D经费", "2025Q3", "是", 9000 + i, "万元", "正式", ""],
                 [code, name, "RD_EXP", "R&D经费", "2026Q2", "是", 6000 + i, "万元", "正式", ""],
                 [code, name, "HNTE", "高新技术企业数", "2025Q3", "否", 60 + i, "家", "正式", ""],
                 [code, name, "HNTE", "高新技术企业数", "2026Q2", "否", 62 + i, "家", "正式", ""]]
    seed = inst / "历史数据.xlsx"
    seed.write_bytes(long_form(rows))
    # the operator's seed: maker `cli`, checker an approver account (maker–checker holds on the CLI too)
    cli("user", "add", "seed-boss", "--role", "approver", "--password-stdin", stdin=secrets.token_urlsafe(12) + "\n")
    cli("import", str(seed), "--publish", "--approver", "seed-boss")
    cli("rounds", "2026Q3", "--deadline-days", "90")
    accounts = {}
    for name, role in (("qh-staff", "uploader"), ("wf-boss", "approver")):
        pw = secrets.token_urlsafe(12)
        cli("user", "add", name, "--role", role, "--password-stdin", stdin=pw + "\n")
        accounts[name] = pw
    cli("user-regions", "qh-staff", "130534")
    cli("user-email", "qh-staff", "staff@kjj.qinghe.local")
    log = open(inst / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if requests.get(url + "/health", timeout=1).status_code < 500:
                break
        except requests.RequestException:
            time.sleep(0.25)
    yield url, accounts
    proc.terminate()
    proc.wait(10)
    log.close()


def sign_in(browser, url, name, password):
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url + "/login")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("#login-submit")
    page.wait_for_url(lambda u: "/login" not in u)
    return ctx, page


def fill_and_submit(page, rd: str, hnte: str | None) -> int:
    page.wait_for_selector("#form-row-RD_EXP input")
    page.fill("#form-row-RD_EXP input", rd)
    if hnte is not None:
        page.fill("#form-row-HNTE input", hnte)
    page.wait_for_function("() => document.querySelector('#upload-form-counts')?.innerText.includes('错误 0 个')")
    page.wait_for_function("() => !document.querySelector('#upload-form-submit').disabled")
    page.click("#upload-form-submit")
    page.wait_for_selector("#upload-form-submitted")
    text = page.inner_text("#upload-form-submitted")
    return int(re.search(r"已提交：批次 (\d+)", text).group(1))


def test_reporting_round_from_form_to_publication(browser, round_server, inbox):
    url, accounts = round_server
    staff_ctx, staff = sign_in(browser, url, "qh-staff", accounts["qh-staff"])
    boss_ctx, boss = sign_in(browser, url, "wf-boss", accounts["wf-boss"])
    try:
        # 1. the online form proposes 清河县 (the account's only region) and the latest quarter that has ended
        staff.goto(url + "/form")
        staff.wait_for_selector("#upload-form-table")
        assert staff.input_value("#upload-form-region") == "清河县"
        assert staff.input_value("#upload-form-period") == "2026年1—3季度"
        row = staff.inner_text("#form-row-RD_EXP")
        assert "6014" in row and "9014" in row  # 2026Q2 累计 and 2025Q3 for reference (清河县 is the 15th unit)
        first = fill_and_submit(staff, "9800", "66")

        # 2. the 报送 page: 清河县 已提交, the others 未报, 本期已报 1/18
        staff.goto(url + "/rounds")
        staff.wait_for_selector("#rounds-unit-130534")
        assert staff.inner_text("#rounds-unit-130534") == "已提交"
        assert staff.inner_text("#rounds-unit-130533") == "未报"
        assert staff.inner_text("#rounds-reported") == "2026年1—3季度本期已报 1/18"

        # 3. the approver sees each value with its references and rejects with a comment, after confirming
        boss.goto(url + "/review")
        boss.wait_for_selector("#review-rows-grid .ag-row")
        assert boss.inner_text("#review-batch-words").startswith(f"批次 {first}：清河县 2026年1—3季度，2 个数值")
        grid = boss.inner_text("#review-rows-grid")
        assert "9800" in grid and "+8.72%" in grid  # 同比 on 2025Q3 9014
        boss.fill("#review-comment", "R&D经费与统计局快报不符")
        boss.click("#review-reject")
        boss.wait_for_selector("#review-modal-text")
        assert boss.inner_text("#review-modal-text").startswith(f"退回批次 {first}（2 个数值）")
        boss.click("#review-confirm")
        boss.wait_for_function("() => document.querySelector('#review-message')?.innerText.includes('已退回')")
        assert boss.input_value("#review-comment") == ""  # the comment went with its batch

        # 4. the uploader: the bell, the reason in 我的提交, a correction linked to the original
        staff.goto(url + "/rounds")
        staff.wait_for_selector("#notify-count")
        assert staff.inner_text("#notify-count") == "1"
        staff.goto(url + "/submissions")
        staff.wait_for_selector(f"#mysub-row-{first}")
        assert "R&D经费与统计局快报不符" in staff.inner_text(f"#mysub-row-{first}")
        assert "退回意见：R&D经费与统计局快报不符" in staff.inner_text("#mysub-notifications")
        staff.click(f"#mysub-correct-{first}")
        staff.wait_for_selector("#upload-form-correcting")
        staff.wait_for_selector("#form-row-RD_EXP input")
        assert staff.input_value("#form-row-RD_EXP input") == "9,800"
        second = fill_and_submit(staff, "9300", None)
        assert second > first

        # 5. the approver publishes the correction after a confirmation that restates the change
        boss.goto(url + "/review")
        boss.wait_for_selector("#review-rows-grid .ag-row")
        assert f"本批次是对已退回批次 {first} 的更正" in boss.inner_text("#review-detail")
        boss.click("#review-publish")
        boss.wait_for_selector("#review-modal-text")
        assert boss.inner_text("#review-modal-text") == \
            f"发布批次 {second}：发布后 0 个数值替换已发布数据，新增 2 个数值（0 个与已发布相同）。"
        boss.click("#review-confirm")
        boss.wait_for_function(f"() => document.querySelector('#review-message')?.innerText.includes('批次 {second} 已发布')")
        staff.goto(url + "/rounds")
        staff.wait_for_selector("#rounds-unit-130534")
        assert staff.inner_text("#rounds-unit-130534") == "已发布"

        # 6. the e-mails reached the local SMTP server
        mails = [m for m in inbox[1] if m["To"] == "staff@kjj.qinghe.local"]
        bodies = [m.get_payload(decode=True).decode("utf-8") for m in mails]
        assert any(f"批次 {first} 被 wf-boss 退回。退回意见：R&D经费与统计局快报不符。" in b for b in bodies), bodies
        assert any(f"批次 {second} 已由 wf-boss 发布。" in b for b in bodies), bodies

        # 7. 数据溯源: where 清河县's R&D figure came from
        boss.goto(url + "/provenance?indicator=RD_EXP&region=130534&period=2026Q3&ytd=1")
        boss.wait_for_selector("#prov-table")
        assert boss.inner_text("#prov-files") == "在线填报-清河县-2026Q3.csv"
        assert boss.inner_text("#prov-cell") == "在线填报-清河县-2026Q3 G2"
        assert boss.inner_text("#prov-submitter").startswith("qh-staff · ")
        assert boss.inner_text("#prov-approver").startswith("wf-boss · ")
        href = boss.get_attribute(".prov-file", "href")
        got = boss.request.get(url + href)
        assert got.ok and got.body().decode("utf-8-sig").splitlines()[1].startswith("130534,清河县,RD_EXP,")
        assert staff.errors == [] and boss.errors == []
    finally:
        staff_ctx.close()
        boss_ctx.close()
