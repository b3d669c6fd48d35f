"""Issue 11 finding 6 and issue 12 point 2: remembered mappings are validated and scoped, never override
the catalogue, are shown where they apply, can be revoked; "ignore this row/column" is remembered too and
its cells are reported as ignored, never silently dropped."""
import pytest

from data.db import reading
from data.errors import UserError
from data.imports import mappings, service
from workbooks import wide_report

NAMES = ["清河县", "威县", "市本级", "示范园区"]


def _file():
    return ("x.xlsx", wide_report(names=NAMES, rd=[1, 2, 3, 4], hnte=[1, 2, 3, 4], tc=[(1, 1, 1)] * 4,
                                  total_row=False))


def _analyse(engine):
    with reading(engine) as conn:
        return service.analyse(conn, [_file()])


def _layout(result):
    return next(u["layout"] for u in result.unmatched if u["label"] == "市本级")


def _allowed(result):
    return {u["label"] for u in result.unmatched if u["kind"] == "region"}


def test_the_reported_poisoning_is_refused(sqlite_store):
    """清河县 -> 临西县 (another county), an unknown code, a derived indicator: all refused, nothing stored."""
    r = _analyse(sqlite_store)
    lay = _layout(r)
    cases = [({"清河县": "130535"}, "已能按目录识别"), ({"市本级": "999999"}, "不是目录中的地区代码"),
             ({"市本级": "130000"}, "不是目录中的地区代码"), ({"威县!": "130533"}, "不是本次上传中未识别的名称")]
    for choice, message in cases:
        with pytest.raises(UserError) as err, sqlite_store.begin() as conn:
            service.save_mappings(conn, lay, "region", choice, "staff", allowed=_allowed(r) | {"清河县"})
        assert message in err.value.message_zh, (choice, err.value.message_zh)
    with pytest.raises(UserError), sqlite_store.begin() as conn:
        service.save_mappings(conn, lay, "indicator", {"研发投入": "RD_INTENSITY"}, "staff")  # derived: computed
    with pytest.raises(UserError), sqlite_store.begin() as conn:
        service.save_mappings(conn, "../etc", "region", {"市本级": "130500"}, "staff")
    with reading(sqlite_store) as conn:
        assert mappings.list_all(conn).empty


def test_a_remembered_mapping_never_overrides_the_catalogue(sqlite_store):
    """Even a row written straight into the table (an old poisoned database) cannot redirect 清河县."""
    r = _analyse(sqlite_store)
    from data import schema, store
    with sqlite_store.begin() as conn:
        conn.execute(schema.import_mappings.insert().values(layout=_layout(r), kind="region", label="清河县",
                                                            code="130535", action="map", created_by="mallory",
                                                            created_at=store.now()))
    again = _analyse(sqlite_store)
    assert set(again.obs.loc[again.obs["row_label"] == "清河县", "region"]) == {"130534"}
    assert "130535" not in set(again.obs["region"])


def test_scope_limits_the_codes_an_uploader_may_choose(sqlite_store):
    r = _analyse(sqlite_store)
    with pytest.raises(UserError) as err, sqlite_store.begin() as conn:
        service.save_mappings(conn, _layout(r), "region", {"市本级": "130500"}, "staff", allowed=_allowed(r),
                              scope=frozenset({"130534"}))
    assert err.value.status == 403 and "不在您的账号可处理的地区范围内" in err.value.message_zh
    with sqlite_store.begin() as conn:  # ignoring a row is within anyone's scope
        assert service.save_mappings(conn, _layout(r), "region", {"市本级": mappings.IGNORED}, "staff",
                                     allowed=_allowed(r), scope=frozenset({"130534"})) == 1


def test_applied_and_ignored_mappings_are_in_the_report_and_can_be_revoked(sqlite_store):
    r = _analyse(sqlite_store)
    assert sorted(u["label"] for u in r.unmatched if u["kind"] == "region") == ["市本级", "示范园区"]
    lay = _layout(r)
    with sqlite_store.begin() as conn:
        service.save_mappings(conn, lay, "region", {"市本级": "130500", "示范园区": mappings.IGNORED}, "staff",
                              allowed=_allowed(r))
    again = _analyse(sqlite_store)
    assert again.errors.empty
    applied = again.problems[again.problems["rule"] == "mapping_applied"]
    ignored = again.problems[again.problems["rule"] == "mapping_ignored"]
    assert applied[["cell", "value"]].values.tolist() == [["B7", "市本级"]]
    assert "staff 于" in applied["message_zh"].iloc[0] and "识别为 130500" in applied["message_zh"].iloc[0]
    assert ignored[["cell", "value"]].values.tolist() == [["B8", "示范园区"]]
    assert "按已记住的映射忽略此行/列" in ignored["message_zh"].iloc[0]
    # The ignored row's figures are not imported; everything else is.
    assert sorted(set(again.obs["region"])) == ["130500", "130533", "130534"]
    assert again.obs["row"].max() == 6  # Excel row 7 (0-based 6): the ignored row 8 left out, reported
    with reading(sqlite_store) as conn:
        listed = mappings.list_all(conn)
    assert listed[["kind", "label", "action", "code", "created_by"]].sort_values("label").values.tolist() == [
        ["region", "市本级", "map", "130500", "staff"], ["region", "示范园区", "ignore", "", "staff"]]
    assert listed["created_at"].notna().all()
    with sqlite_store.begin() as conn:
        gone = mappings.revoke(conn, int(listed.loc[listed["label"] == "市本级", "id"].iloc[0]), "admin")
    assert gone["code"] == "130500" and gone["created_by"] == "staff"
    third = _analyse(sqlite_store)
    assert "市本级" in {u["label"] for u in third.unmatched}  # back to the catalogue alone
    with pytest.raises(UserError) as err, sqlite_store.begin() as conn:
        mappings.revoke(conn, 99999, "admin")
    assert err.value.status == 404
