"""/api/docs: a self-contained HTML page rendered on the server from the OpenAPI document (no scripts, no CDN)."""
from __future__ import annotations

from html import escape

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:70rem;color:#222;line-height:1.5}
h1{font-size:1.6rem} h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.op{border:1px solid #ddd;border-radius:4px;padding:.5rem 1rem;margin:1rem 0}
.m{display:inline-block;min-width:3.5rem;font-weight:bold;color:#fff;background:#2b6cb0;border-radius:3px;
text-align:center;margin-right:.5rem}.m.post{background:#c53030}
code{background:#f4f4f4;padding:0 .25rem} table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border:1px solid #e2e2e2;padding:.25rem .5rem;text-align:left;vertical-align:top} .muted{color:#666}
"""


def _type(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return _type(schema.get("items", {})) + "[]"
    text = schema.get("type", "any")
    if "enum" in schema:
        values = [str(v) for v in schema["enum"]]
        text += " (" + ", ".join(values[:8]) + (f", … {len(values)} values" if len(values) > 8 else "") + ")"
    if schema.get("nullable"):
        text += " | null"
    return text


def _params(op: dict) -> str:
    rows = "".join(
        f"<tr><td><code>{escape(p['name'])}</code></td><td>{p['in']}</td><td>{escape(_type(p['schema']))}</td>"
        f"<td>{'yes' if p.get('required') else ''}</td><td>{escape(p.get('description', ''))}</td></tr>"
        for p in op.get("parameters", []))
    return f"<table><tr><th>parameter</th><th>in</th><th>type</th><th>required</th><th></th></tr>{rows}</table>" \
        if rows else ""


def _fields(op: dict) -> str:
    ok = op["responses"].get("200") or op["responses"].get("201") or {}
    content = ok.get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    props = schema.get("properties", {})
    if "items" in props:
        props = props["items"].get("items", {}).get("properties", props)
    rows = "".join(f"<tr><td><code>{escape(k)}</code></td><td>{escape(_type(v))}</td>"
                   f"<td>{escape(v.get('description', ''))}</td></tr>" for k, v in props.items())
    kinds = ", ".join(content)
    return (f"<p class=muted>responses: {escape(kinds)}; errors are JSON "
            f"({', '.join(k for k in op['responses'] if k[0] in '45')})</p>"
            + (f"<table><tr><th>field</th><th>type</th><th></th></tr>{rows}</table>" if rows else ""))


def render(spec: dict) -> str:
    """The HTML of /api/docs from an OpenAPI `spec` (build_spec()): one section per tag, one entry
    per operation with its parameters and the curl example; every text escaped, no script, no CDN.
    """
    parts = [f"<h1>{escape(spec['info']['title'])} <span class=muted>v{escape(spec['info']['version'])}</span></h1>",
             f"<p>{escape(spec['info']['description'])}</p>",
             "<p>Machine-readable: <a href='/api/v1/openapi.json'>/api/v1/openapi.json</a>. Example: "
             "<code>curl -H 'Authorization: Bearer cst_…' "
             "'/api/v1/observations?region=130534&amp;indicator=RD_EXP&amp;period=2023'</code></p>"]
    for tag in spec.get("tags", []):
        ops = [(path, method, op) for path, item in spec["paths"].items() for method, op in item.items()
               if tag["name"] in op.get("tags", [])]
        if not ops:
            continue
        parts.append(f"<h2>{escape(tag['name'])} · {escape(tag.get('description', ''))}</h2>")
        for path, method, op in ops:
            parts.append(f"<div class=op id='{escape(op['operationId'])}'><p><span class='m {method}'>"
                         f"{method.upper()}</span><code>{escape(path)}</code> — {escape(op['summary'])}</p>"
                         f"<p>{escape(op.get('description', ''))}</p>{_params(op)}{_fields(op)}</div>")
    return ("<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>API 文档 · 县域科技指标看板</title>"
            f"<style>{STYLE}</style></head><body>{''.join(parts)}</body></html>")
