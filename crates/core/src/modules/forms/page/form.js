// The public form page's script (served as a file: the page's CSP allows no inline
// script). It shows and hides fields by their conditions (data-show-if, the same rules
// as the server's forms::answers::holds), disables hidden ones so they are neither sent
// nor checked, and inside an iframe tells the embedding page its height.
(function () {
  "use strict";
  var form = document.querySelector("form[data-form]");

  function number(v) {
    if (typeof v === "number") return v;
    if (typeof v !== "string" || v.trim() === "") return null;
    var n = Number(v.trim());
    return isFinite(n) ? n : null;
  }
  function text(v) { return v == null ? "" : String(v).trim(); }
  function same(a, b) {
    var x = number(a), y = number(b);
    if (x !== null && y !== null) return x === y;
    return text(a).toLowerCase() === text(b).toLowerCase();
  }
  function empty(v) {
    return v == null || v === false || (Array.isArray(v) ? v.length === 0 : text(v) === "");
  }
  function holds(c, answers) {
    var v = answers[c.field];
    var wanted = c.value == null ? "" : c.value;
    var includes = function () {
      if (Array.isArray(v)) return v.some(function (i) { return same(i, wanted); });
      return v != null && same(v, wanted);
    };
    switch (c.op) {
      case "is_empty": return empty(v);
      case "is_not_empty": return !empty(v);
      case "equals": return includes();
      case "not_equals": return !includes();
      case "contains":
        if (Array.isArray(v)) return includes();
        return v != null && text(v).toLowerCase().indexOf(text(wanted).toLowerCase()) >= 0;
      case "greater_than":
      case "less_than": {
        if (empty(v)) return false;
        var x = number(v), y = number(wanted), order;
        if (x !== null && y !== null) order = x < y ? -1 : x > y ? 1 : 0;
        else order = text(v) < text(wanted) ? -1 : text(v) > text(wanted) ? 1 : 0;
        return c.op === "greater_than" ? order > 0 : order < 0;
      }
    }
    return false;
  }
  function valueOf(name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    if (!inputs.length) return undefined;
    var first = inputs[0];
    if (first.type === "checkbox" && inputs.length === 1 && first.value === "on") return first.checked;
    if (first.type === "checkbox") {
      var out = [];
      inputs.forEach(function (i) { if (i.checked) out.push(i.value); });
      return out;
    }
    if (first.type === "radio") {
      var chosen;
      inputs.forEach(function (i) { if (i.checked) chosen = i.value; });
      return chosen;
    }
    return first.value;
  }
  function update() {
    if (!form) return;
    var shown = {}, answers = {};
    form.querySelectorAll("[data-field], input[type=hidden][name]").forEach(function (el) {
      var id = el.getAttribute("data-field") || el.getAttribute("name");
      if (id.charAt(0) === "_") return;
      var raw = el.getAttribute("data-show-if");
      var show = true;
      if (raw) {
        try {
          var c = JSON.parse(raw);
          show = !!shown[c.field] && holds(c, answers);
        } catch (e) { show = true; }
      }
      shown[id] = show;
      if (el.hasAttribute("data-field")) {
        el.hidden = !show;
        el.querySelectorAll("input,select,textarea").forEach(function (i) {
          i.disabled = !show;
        });
      } else {
        el.disabled = !show;
      }
      if (show) answers[id] = valueOf(id);
    });
    tellHeight();
  }
  var lastHeight = 0;
  function tellHeight() {
    if (window.parent === window) return;
    var h = document.documentElement.scrollHeight;
    if (h !== lastHeight) {
      lastHeight = h;
      window.parent.postMessage({ type: "aio-form:height", height: h }, "*");
    }
  }
  if (form) {
    form.addEventListener("input", update);
    form.addEventListener("change", update);
  }
  update();
  tellHeight();
  window.addEventListener("resize", tellHeight);
  if (window.ResizeObserver) new ResizeObserver(tellHeight).observe(document.body);
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
