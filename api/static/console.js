/*
 * Staff console: queue, transcript, replies, notes, resolution and "save as FAQ".
 * Everything comes from /api/staff/…; every text users or staff wrote is set with
 * textContent. Changes send the session's CSRF token in X-CSRF-Token.
 */
(function () {
  "use strict";
  var T = {
    reasons: { request: "用户要求转人工", complaint: "投诉", offer_accepted: "接受转人工建议", review: "事项需人工审核", unanswered: "助手无法答复时留言" },
    statuses: { waiting: "排队中", staff: "服务中", resolved: "已结束", cancelled: "用户已返回机器人" },
    senders: { user: "用户", bot: "智能助手", staff: "工作人员", system: "系统" },
    general: "综合咨询",
    waited: "等待 ",
    minutes: " 分钟",
    loggedIn: "{name}（{role}）",
    roles: { agent: "坐席", admin: "管理员" },
    noTopic: "（无主题）",
    cited: "依据：",
    claimed: "已认领。",
    assigned: "已转派。",
    sent: "回复已发送。",
    resolved: "已结束服务，用户将被邀请评分。",
    noted: "备注已添加。",
    faqSaved: "已保存为常见问答 {label}，机器人会从下一个问题起使用。",
    failed: "操作失败：",
    offline: "网络异常，请稍后重试。",
    channels: { web: "网页咨询", wechat: "微信", wecom: "微信客服" },
    outcomes: { eligible: "符合条件", not_eligible: "不符合条件", review: "需人工审核" },
    record: { answers: "预审回答", materials: "材料清单", basis: "法律依据" },
    facts: { channel: "渠道与用户", reason: "转人工原因", topic: "咨询主题", department: "分派部门", created: "发起时间", staff: "服务人员", rating: "用户评分", summary: "摘要" }
  };
  var POLL_MS = 3000;
  var csrf = "", me = null, sla = { amber: 5, red: 15 }, current = null, detailTimer = null;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }
  function fill(t, v) { return t.replace(/\{(\w+)\}/g, function (_, k) { return v[k] === undefined ? "" : String(v[k]); }); }
  // The bureau's clock (Asia/Shanghai), whatever zone the browser runs in.
  var SHANGHAI_TIME = new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai", hourCycle: "h23",
    year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit"
  });
  function time(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? "" : SHANGHAI_TIME.format(d);
  }
  function api(method, path, body) {
    var headers = {};
    if (body) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRF-Token"] = csrf;
    return fetch(path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined, credentials: "same-origin" })
      .then(function (r) { return r.json().catch(function () { return {}; }).then(function (b) { return { ok: r.ok, status: r.status, body: b }; }); });
  }
  function say(text) { $("case-status").textContent = text; }
  function failed(r) {
    if (r.status === 401) { showLogin(); return; }
    say(T.failed + (r.body.detail || r.status));
  }

  // ---- login ----
  function showLogin() {
    me = null;
    $("login").hidden = false; $("desk").hidden = true; $("logout").hidden = true; $("who").textContent = "";
    $("login-name").focus();
  }
  function start(body) {
    csrf = body.csrf_token; me = body.staff;
    sla = { amber: body.queue_amber_minutes, red: body.queue_red_minutes };
    $("login").hidden = true; $("desk").hidden = false; $("logout").hidden = false;
    $("who").textContent = fill(T.loggedIn, { name: me.name, role: T.roles[me.role] || me.role });
    $("faq").hidden = me.role !== "admin";
    loadColleagues(); loadCanned(); loadQueue();
  }
  $("login").addEventListener("submit", function (e) {
    e.preventDefault();
    $("login-error").textContent = "";
    api("POST", "/api/staff/login", { name: $("login-name").value.trim(), password: $("login-password").value }).then(function (r) {
      $("login-password").value = "";
      if (r.ok) start(r.body); else $("login-error").textContent = r.body.detail || T.offline;
    }, function () { $("login-error").textContent = T.offline; });
  });
  $("logout").addEventListener("click", function () { api("POST", "/api/staff/logout").then(showLogin, showLogin); });

  // ---- queue ----
  function waitedMinutes(e) { return Math.floor(e.waiting_seconds / 60); }
  function slaClass(e) {
    if (e.status !== "waiting") return "sla-none";
    var m = waitedMinutes(e);
    return m >= sla.red ? "sla-red" : m >= sla.amber ? "sla-amber" : "sla-green";
  }
  function loadQueue() {
    if (!me) return;
    api("GET", "/api/staff/escalations?status=" + encodeURIComponent($("queue-filter").value)).then(function (r) {
      if (!r.ok) { failed(r); return; }
      var list = $("queue");
      list.textContent = "";
      r.body.forEach(function (e) {
        var li = el("li", "item " + slaClass(e) + (current === e.id ? " selected" : ""));
        var button = el("button", "pick");
        button.type = "button";
        button.dataset.id = String(e.id);
        button.appendChild(el("span", "topic", e.topic || T.noTopic));
        button.appendChild(el("span", "meta",
          (T.statuses[e.status] || e.status) + " · " + (e.department || T.general) + " · " +
          T.waited + waitedMinutes(e) + T.minutes + (e.staff_name ? " · " + e.staff_name : "")));
        button.addEventListener("click", function () { select(e.id); });
        li.appendChild(button);
        list.appendChild(li);
      });
      $("queue-empty").hidden = r.body.length > 0;
    }, function () { say(T.offline); });
  }
  $("queue-filter").addEventListener("change", loadQueue);
  setInterval(loadQueue, POLL_MS);

  function loadColleagues() {
    api("GET", "/api/staff/colleagues").then(function (r) {
      if (!r.ok) return;
      var select = $("assign-to");
      select.textContent = "";
      r.body.forEach(function (s) { var o = el("option", null, s.name); o.value = s.name; select.appendChild(o); });
    });
  }
  function loadCanned() {
    api("GET", "/api/staff/canned-replies").then(function (r) {
      if (!r.ok) return;
      var select = $("canned");
      while (select.options.length > 1) select.remove(1);
      r.body.forEach(function (c) { var o = el("option", null, c.title); o.value = c.text; select.appendChild(o); });
    });
  }
  $("canned").addEventListener("change", function () {
    if (this.value) { $("reply-text").value = this.value; $("reply-text").focus(); }
    this.value = "";
  });

  // ---- one conversation ----
  function select(id) {
    current = id;
    $("case").hidden = false;
    say("");
    loadDetail(true);
    clearInterval(detailTimer);
    detailTimer = setInterval(function () { loadDetail(false); }, POLL_MS);
    loadQueue();
  }
  function fact(dl, label, value) { dl.appendChild(el("dt", null, label)); dl.appendChild(el("dd", null, value)); }
  function loadDetail(first) {
    if (!current) return;
    api("GET", "/api/staff/escalations/" + current).then(function (r) {
      if (!r.ok) { failed(r); return; }
      var e = r.body.escalation;
      var facts = $("case-facts");
      facts.textContent = "";
      fact(facts, T.facts.channel, (T.channels[r.body.channel] || r.body.channel) + " · " + r.body.user);
      fact(facts, T.facts.reason, T.reasons[e.reason] || e.reason);
      fact(facts, T.facts.topic, e.topic || T.noTopic);
      fact(facts, T.facts.department, e.department || T.general);
      fact(facts, T.facts.created, time(e.created_at) + "（" + (T.statuses[e.status] || e.status) + "）");
      if (e.staff_name) fact(facts, T.facts.staff, e.staff_name);
      if (e.rating) fact(facts, T.facts.rating, e.rating + " / 5");
      fact(facts, T.facts.summary, e.summary);
      var open = e.status === "waiting" || e.status === "staff";
      $("claim").disabled = !open || (e.status === "staff" && e.staff_name === me.name);
      $("assign").disabled = !open;
      $("resolve").disabled = e.status !== "staff";
      $("reply").hidden = !(e.status === "staff" && (e.staff_name === me.name || me.role === "admin"));
      renderTranscript(r.body.messages);
      renderNotes(r.body.notes);
      renderRecords(r.body.records || []);
      if (first) prepareFaq(e, r.body.messages);
    }, function () { say(T.offline); });
  }
  function renderTranscript(messages) {
    var list = $("transcript");
    var atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
    list.textContent = "";
    messages.forEach(function (m) {
      var li = el("li", "line " + m.sender);
      var who = T.senders[m.sender] + (m.sender === "staff" && m.custom && m.custom.staff_name ? " " + m.custom.staff_name : "");
      li.appendChild(el("span", "from", who + " · " + time(m.created_at)));
      li.appendChild(el("div", "text", m.text));
      (m.citations || []).forEach(function (c) {
        li.appendChild(el("div", "cite", T.cited + "《" + c.document + "》" + (c.doc_no ? "（" + c.doc_no + "）" : "") + " " + c.article));
      });
      list.appendChild(li);
    });
    if (atBottom) list.scrollTop = list.scrollHeight;
  }
  function renderRecords(records) {
    var list = $("records");
    list.textContent = "";
    $("records-box").hidden = records.length === 0;
    records.forEach(function (r) {
      var li = el("li", "record " + r.outcome);
      li.appendChild(el("div", "record-head", r.reference + " · " + r.item + " · " + (T.outcomes[r.outcome] || r.outcome) + " · " + time(r.created_at)));
      li.appendChild(el("div", "record-headline", r.headline));
      var answers = (r.record.answers || []).map(function (a) { return a.question + " " + a.answer; });
      [[T.record.answers, answers], [T.record.materials, r.record.materials || []], [T.record.basis, r.record.legal_basis || []]].forEach(function (part) {
        if (!part[1].length) return;
        li.appendChild(el("div", "record-part", part[0]));
        var ul = el("ul");
        part[1].forEach(function (line) { ul.appendChild(el("li", null, line)); });
        li.appendChild(ul);
      });
      list.appendChild(li);
    });
  }
  function renderNotes(notes) {
    var list = $("notes");
    list.textContent = "";
    notes.forEach(function (n) { list.appendChild(el("li", null, n.staff_name + " · " + time(n.created_at) + "：" + n.text)); });
  }
  function prepareFaq(e, messages) {
    var lastUser = messages.filter(function (m) { return m.sender === "user"; }).map(function (m) { return m.text; });
    $("faq-question").value = e.topic || lastUser[0] || "";
    $("faq-variants").value = "";
    $("faq-answer").value = "";
    var box = $("faq-clauses");
    box.textContent = "";
    var seenClause = {};
    messages.forEach(function (m) {
      (m.citations || []).forEach(function (c) {
        if (!c.clause_id || seenClause[c.clause_id]) return;
        seenClause[c.clause_id] = true;
        var id = "faq-clause-" + Object.keys(seenClause).length;
        var check = el("input"); check.type = "checkbox"; check.id = id; check.value = c.clause_id;
        var label = el("label", null, "《" + c.document + "》" + c.article); label.htmlFor = id;
        var row = el("div", "clause-choice"); row.appendChild(check); row.appendChild(label);
        box.appendChild(row);
      });
    });
  }

  function act(path, body, done) {
    return api("POST", "/api/staff/escalations/" + current + path, body).then(function (r) {
      if (r.ok) { say(done); loadDetail(false); loadQueue(); } else failed(r);
      return r;
    }, function () { say(T.offline); });
  }
  $("claim").addEventListener("click", function () { act("/claim", null, T.claimed); });
  $("assign").addEventListener("click", function () { act("/assign", { staff_name: $("assign-to").value }, T.assigned); });
  $("resolve").addEventListener("click", function () { act("/resolve", null, T.resolved); });
  $("reply").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = $("reply-text").value.trim();
    if (!text) return;
    act("/reply", { text: text }, T.sent).then(function (r) {
      if (r && r.ok) { $("reply-text").value = ""; if (!$("faq-answer").value) $("faq-answer").value = text; }
    });
  });
  $("note").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = $("note-text").value.trim();
    if (!text) return;
    act("/notes", { text: text }, T.noted).then(function (r) { if (r && r.ok) $("note-text").value = ""; });
  });
  $("faq-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var clauses = Array.prototype.map.call($("faq-clauses").querySelectorAll("input:checked"), function (c) { return c.value; });
    api("POST", "/api/staff/faq", {
      question: $("faq-question").value.trim(),
      variants: $("faq-variants").value.split("\n").map(function (v) { return v.trim(); }).filter(Boolean),
      answer: $("faq-answer").value.trim(),
      clause_ids: clauses
    }).then(function (r) { if (r.ok) say(fill(T.faqSaved, r.body)); else failed(r); }, function () { say(T.offline); });
  });

  api("GET", "/api/staff/me").then(function (r) { if (r.ok) start(r.body); else showLogin(); }, showLogin);
  window.ecoassistConsole = { time: time };
})();
