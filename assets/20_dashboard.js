/* Client-side helpers of the dashboard (vendored; no network). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard: {
    /* Controls -> query string, without a page reload (history.replaceState). Last argument: the names. */
    syncUrl: function () {
      var args = Array.prototype.slice.call(arguments);
      var names = args.pop() || [];
      var params = new URLSearchParams(window.location.search);
      names.forEach(function (name, i) {
        var v = args[i];
        if (Array.isArray(v)) { v = v.join(","); }
        if (v === null || v === undefined || v === "" || v === false) { params.delete(name); }
        else { params.set(name, v === true ? "1" : String(v)); }
      });
      var qs = params.toString();
      var url = window.location.pathname + (qs ? "?" + qs : "");
      if (url !== window.location.pathname + window.location.search) {
        window.history.replaceState(window.history.state, "", url);
      }
      return qs;
    },
    /* Language / unit switch: navigate to the same view with one global parameter changed. */
    setParam: function (value, name) {
      if (value === null || value === undefined) { return window.dash_clientside.no_update; }
      var params = new URLSearchParams(window.location.search);
      if (params.get(name) === value || (!params.get(name) && value === "zh" && name === "lang")) {
        return window.dash_clientside.no_update;
      }
      params.set(name, value);
      return "?" + params.toString();
    },
    /* Meeting mode: try the browser's fullscreen (needs the click's user gesture; may be refused). */
    fullscreen: function (opened) {
      try {
        if (opened && document.documentElement.requestFullscreen && !document.fullscreenElement) {
          document.documentElement.requestFullscreen().catch(function () {});
        } else if (!opened && document.fullscreenElement && document.exitFullscreen) {
          document.exitFullscreen().catch(function () {});
        }
      } catch (e) { /* fullscreen is optional */ }
      return window.dash_clientside.no_update;
    }
  }
});

/* Meeting mode keys: ← / → step through the indicators, Esc leaves. */
document.addEventListener("keydown", function (ev) {
  var stage = document.getElementById("meeting-stage");
  if (!stage || stage.getClientRects().length === 0) { return; }
  var target = { ArrowLeft: "meeting-prev", ArrowRight: "meeting-next", PageUp: "meeting-prev",
                 PageDown: "meeting-next", Escape: "meeting-exit" }[ev.key];
  var button = target && document.getElementById(target);
  if (button) { ev.preventDefault(); button.click(); }
});

/* Meeting mode: fit the chart's type to the screen, so that all the counties' names stay legible from
   1024×768 up, and labels reach 18 px and more on a 1920×1080 projector. */
(function () {
  function fit(gd) {
    if (!window.Plotly || !gd || !gd.data || !gd.data.length || gd.getClientRects().length === 0) { return; }
    var n = (gd.data[0].y || []).length;
    if (!n) { return; }
    var m = (gd.layout && gd.layout.margin) || {};
    var plotH = gd.clientHeight - (m.t || 0) - (m.b || 0) - 24;
    var size = Math.floor(plotH / n * 0.74);
    size = Math.max(11, Math.min(size, Math.round(gd.clientWidth / 68), 30));
    var tick = gd.layout.yaxis && gd.layout.yaxis.tickfont && gd.layout.yaxis.tickfont.size;
    var text = gd.data[0].textfont && gd.data[0].textfont.size;
    if (tick === size && text === size) { return; }
    window.Plotly.update(gd, {"textfont.size": size}, {"yaxis.tickfont.size": size, "font.size": size}, [0]);
  }
  function check() {
    var gd = document.querySelector("#meeting-graph .js-plotly-plot");
    if (!gd) { return; }
    if (!gd.__meetingFit && gd.on) {
      gd.__meetingFit = true;
      gd.on("plotly_afterplot", function () { window.requestAnimationFrame(function () { fit(gd); }); });
    }
    fit(gd);
  }
  window.addEventListener("resize", check);
  window.setInterval(check, 1000);
})();

/* Print: charts take the printed page's width, and the screen's width again afterwards. */
(function () {
  function resizeAll() {
    if (!window.Plotly) { return; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      try { window.Plotly.Plots.resize(gd); } catch (e) { /* a chart being redrawn */ }
    });
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();

/* Accessibility: the document language follows ?lang=; every chart gets a text alternative (its caption's
   title, and the home county's bar or last point with its label: "3. 清河县 15400万元"). */
(function () {
  var HOME = ["#c0392b", "#D7261E", "#d7261e"];
  function isHome(color) { return typeof color === "string" && HOME.indexOf(color) >= 0; }
  function describe(gd) {
    var panel = gd.closest(".chart-panel, .mantine-Paper-root, .screen-panel, #meeting-stage");
    var titleEl = panel && panel.querySelector(".cap-title, .screen-panel-title, .meeting-title, h2, h3, h4");
    var title = (titleEl && titleEl.textContent) || (gd.layout && gd.layout.title && gd.layout.title.text) || "";
    var home = "";
    (gd.data || []).some(function (trace) {
      var colors = trace.marker && trace.marker.color;
      if (Array.isArray(colors)) {
        var i = colors.findIndex(isHome);
        if (i >= 0) {
          var name = trace.orientation === "h" ? trace.y[i] : trace.x[i];
          home = name + " " + ((trace.text && trace.text[i]) || "");
          return true;
        }
      }
      var line = trace.line && trace.line.color;
      if (isHome(line) && trace.y && trace.y.length) {
        var j = trace.y.length - 1;
        home = (trace.name || "") + " " + trace.x[j] + " " + ((trace.text && trace.text[j]) || trace.y[j]);
        return true;
      }
      return false;
    });
    return (title + (home ? "：" + home : "")).trim();
  }
  function run() {
    var lang = new URLSearchParams(window.location.search).get("lang") === "en" ? "en" : "zh-CN";
    if (document.documentElement.lang !== lang) { document.documentElement.lang = lang; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      if (!gd.data) { return; }
      var svg = gd.querySelector("svg.main-svg");  // the drawing, not the toolbar's buttons
      var text = describe(gd);
      if (svg && text && svg.getAttribute("aria-label") !== text) {
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", text);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", run);
  window.setInterval(run, 700);
})();
