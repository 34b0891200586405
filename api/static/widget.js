/*
 * ecoassist web chat widget — 上海市生态环境局企业环保智能咨询.
 *
 * Embed on any portal page with one tag (the gateway serves this file):
 *   <script src="https://GATEWAY/widget.js" defer></script>
 * Options as data attributes on that tag: data-open="true" opens the chat at once.
 *
 * The widget lives in a shadow root, so the portal's styles and its own do not mix.
 * Every text that users, the bot or staff wrote is inserted with textContent, never
 * as HTML. Messages are sent with a client id and kept in an outbox until the gateway
 * confirms them, so a lost connection neither loses nor duplicates anything; replies
 * arrive live over server-sent events (falling back to polling) and the whole
 * conversation is restored from the gateway after a reload.
 */
(function () {
  "use strict";
  if (window.__ecoassistWidget) return;
  window.__ecoassistWidget = true;

  // All of the widget's own Chinese wording, in one place.
  var T = {
    launcher: "在线咨询",
    launcherUnread: "在线咨询（有新消息）",
    title: "企业环保智能咨询",
    disclaimer: "答复依据政策文件和法规条款，仅供参考；具体事项请以业务部门公布为准。",
    close: "关闭咨询窗口",
    logLabel: "对话记录",
    inputLabel: "输入您的问题",
    placeholder: "请输入您的问题，例如：临港的两证合一试点是什么意思？",
    send: "发送",
    you: "我",
    bot: "智能助手",
    staff: "工作人员",
    system: "系统消息",
    basis: "依据：",
    departments: "责任部门：",
    showClause: "查看条款原文",
    typing: "智能助手正在输入",
    slow: "正在检索政策文件，请稍候……",
    slower: "答复比平时慢，仍在处理中，请再稍等片刻……",
    sending: "发送中",
    queued: "网络未连接，恢复后自动发送",
    failed: "未发送",
    offline: "网络连接已断开，您的消息会在恢复后自动发送。",
    reconnected: "网络已恢复。",
    empty: "请输入您要咨询的问题。",
    waiting: "排队中：已为您转接人工服务，工作人员接入后会在这里回复您。",
    backToBot: "返回智能助手",
    serving: "工作人员 {name} 为您服务",
    ended: "人工服务已结束，请为本次服务打分：",
    rateGroup: "为本次人工服务打分，1 分最低，5 分最高",
    rate: "{n} 分",
    rated: "感谢您的评价！",
    reasonLabel: "可以告诉我们哪里不满意吗？（选填）",
    reasonSend: "提交",
    reasonThanks: "感谢您的补充说明。",
    error: "请求失败，请稍后重试。"
  };

  var script = document.currentScript;
  var BASE = new URL(script && script.src ? script.src : "/widget.js", location.href).origin;
  var options = (script && script.dataset) || {};
  var POLL_MS = 3000;
  var RETRY_MS = 4000;

  var store = {
    get: function (key) { try { return window.localStorage.getItem("ecoassist." + key); } catch (e) { return null; } },
    set: function (key, value) { try { window.localStorage.setItem("ecoassist." + key, value); } catch (e) { /* private mode */ } }
  };
  function newId(prefix) {
    var bytes = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return prefix + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  var sessionId = store.get("session");
  if (!sessionId || !/^[A-Za-z0-9_-]{1,128}$/.test(sessionId)) { sessionId = newId("web-"); store.set("session", sessionId); }
  var outbox = [];
  try { outbox = JSON.parse(store.get("outbox:" + sessionId) || "[]"); } catch (e) { outbox = []; }

  var seen = {};          // message id → true, so nothing is shown twice
  var delivered = {};     // client id → true once the gateway has the user's message
  var pending = {};       // client id → the user's bubble not yet confirmed by the gateway
  var lastId = 0;
  var status = { state: "bot", staff_name: "", escalation_id: null, awaiting_rating: false };
  var ratedEscalation = null;
  var source = null, pollTimer = null, retryTimer = null, flushing = false, loaded = false, connected = false;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k] === undefined ? "" : String(values[k]); });
  }
  // HH:MM on the bureau's clock (Asia/Shanghai): a browser set to another zone must not shift it.
  var SHANGHAI_CLOCK = new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai", hourCycle: "h23", hour: "2-digit", minute: "2-digit"
  });
  function clock(iso) {
    var d = iso ? new Date(iso) : new Date();
    if (isNaN(d.getTime())) d = new Date();
    return SHANGHAI_CLOCK.format(d);
  }
  function api(method, path, body) {
    return fetch(BASE + path, {
      method: method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
      cache: "no-store"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        var after = parseInt(response.headers.get("Retry-After") || "", 10);
        return { ok: response.ok, status: response.status, body: data, retryAfter: isNaN(after) ? 0 : after };
      });
    });
  }

  // ---- the page structure (static; no user text involved) ----
  var host = el("div");
  host.id = "ecoassist-chat";
  var root = host.attachShadow({ mode: "open" });
  var sheet = el("link");
  sheet.rel = "stylesheet";
  sheet.href = BASE + "/static/widget.css";
  root.appendChild(sheet);

  var launcher = el("button", "launcher", T.launcher);
  launcher.type = "button";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "ecoassist-panel");

  var panel = el("section", "panel");
  panel.id = "ecoassist-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", "ecoassist-title");
  var header = el("header", "head");
  var title = el("h2", "title", T.title);
  title.id = "ecoassist-title";
  var closeButton = el("button", "close", "×");
  closeButton.type = "button";
  closeButton.setAttribute("aria-label", T.close);
  header.appendChild(title);
  header.appendChild(closeButton);
  header.appendChild(el("p", "disclaimer", T.disclaimer));

  var banner = el("div", "banner");
  banner.setAttribute("role", "status");
  banner.hidden = true;
  var log = el("ol", "log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", T.logLabel);
  log.tabIndex = 0;
  var typing = el("div", "typing");
  typing.setAttribute("role", "status");
  typing.hidden = true;
  var notice = el("p", "notice");
  notice.setAttribute("role", "alert");

  var form = el("form", "composer");
  var label = el("label", "visually-hidden", T.inputLabel);
  label.htmlFor = "ecoassist-input";
  var input = el("textarea", "input");
  input.id = "ecoassist-input";
  input.rows = 2;
  input.maxLength = 1000;
  input.placeholder = T.placeholder;
  var sendButton = el("button", "send", T.send);
  sendButton.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendButton);

  [header, banner, log, typing, notice, form].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(launcher);
  root.appendChild(panel);

  // ---- messages ----
  function bubbleFor(message) {
    var li = el("li", "msg " + message.sender);
    var who = message.sender === "staff"
      ? T.staff + " " + ((message.custom && message.custom.staff_name) || "")
      : T[message.sender === "user" ? "you" : message.sender] || "";
    li.appendChild(el("span", message.sender === "staff" ? "who" : "who visually-hidden", who));
    li.appendChild(el("div", "bubble", message.text));
    return li;
  }

  function addCitations(li, citations) {
    citations.forEach(function (c) {
      var details = el("details", "cite");
      var summary = el("summary", null,
        T.basis + "《" + c.document + "》" + (c.doc_no ? "（" + c.doc_no + "）" : "") + " " + c.article +
        (c.departments && c.departments.length ? " · " + T.departments + c.departments.join("、") : ""));
      details.appendChild(summary);
      if (c.text) details.appendChild(el("p", "clause", c.text));
      else details.appendChild(el("p", "clause", T.showClause));
      li.appendChild(details);
    });
  }

  function addButtons(li, buttons) {
    var row = el("div", "buttons");
    buttons.forEach(function (b) {
      var button = el("button", "quick", b.title);
      button.type = "button";
      button.addEventListener("click", function () { send(b.payload, b.title); });
      row.appendChild(button);
    });
    li.appendChild(row);
  }

  function addReasonForm(li, answerId) {
    var box = el("form", "reason");
    var id = "ecoassist-reason-" + answerId;
    var reasonLabel = el("label", null, T.reasonLabel);
    reasonLabel.htmlFor = id;
    var field = el("input", "reason-input");
    field.id = id;
    field.maxLength = 500;
    var submit = el("button", "quick", T.reasonSend);
    submit.type = "submit";
    box.appendChild(reasonLabel);
    box.appendChild(field);
    box.appendChild(submit);
    box.addEventListener("submit", function (event) {
      event.preventDefault();
      var reason = field.value.trim();
      if (!reason) return;
      api("POST", "/api/chat/feedback", { session_id: sessionId, message_id: answerId, reason: reason }).then(function (r) {
        if (r.ok) box.replaceWith(el("p", "reason-done", T.reasonThanks));
        else setNotice(r.body.detail || T.error);
      }, function () { setNotice(T.offline); });
    });
    li.appendChild(box);
  }

  function place(li, id) {
    var items = log.children;
    for (var i = 0; i < items.length; i++) {
      var other = items[i];
      if (other.dataset.pending === "1" || (other.dataset.id && Number(other.dataset.id) > id)) {
        log.insertBefore(li, other);
        return;
      }
    }
    log.appendChild(li);
  }

  function render(message, live) {
    if (seen[message.id]) return;
    seen[message.id] = true;
    lastId = Math.max(lastId, message.id);
    if (message.client_id) delivered[message.client_id] = true;
    var mine = message.client_id && pending[message.client_id];
    if (message.sender === "user" && mine) {
      delete pending[message.client_id];
      mine.dataset.id = String(message.id);
      markState(mine, "");
      return;
    }
    var li = bubbleFor(message);
    li.dataset.id = String(message.id);
    if (message.citations && message.citations.length) addCitations(li, message.citations);
    if (message.buttons && message.buttons.length) addButtons(li, message.buttons);
    var fb = message.custom && message.custom.feedback;
    if (live && fb && fb.value === "useless" && fb.answer_id) addReasonForm(li, fb.answer_id);
    var time = el("time", "time", clock(message.created_at));
    time.setAttribute("datetime", message.created_at);
    li.appendChild(time);
    place(li, message.id);
    if (live && message.sender !== "user" && panel.hidden) {
      launcher.classList.add("unread");
      launcher.setAttribute("aria-label", T.launcherUnread);
    }
    li.scrollIntoView({ block: "end" });
  }

  function markState(li, state) {
    var mark = li.querySelector(".state");
    if (!state) { delete li.dataset.pending; if (mark) mark.remove(); return; }
    if (!mark) { mark = el("span", "state"); li.appendChild(mark); }
    if (state === T.failed) delete li.dataset.pending; else li.dataset.pending = "1";
    mark.textContent = state;
  }

  // ---- sending, with an outbox that survives reloads and lost connections ----
  function saveOutbox() { store.set("outbox:" + sessionId, JSON.stringify(outbox)); }

  function showPending(item) {
    var li = bubbleFor({ sender: "user", text: item.shown });
    var time = el("time", "time", clock());
    li.appendChild(time);
    log.appendChild(li);
    pending[item.client_id] = li;
    markState(li, T.sending);
    li.scrollIntoView({ block: "end" });
  }

  function send(text, shown) {
    var item = { client_id: newId("m"), text: text, shown: shown || text };
    outbox.push(item);
    saveOutbox();
    showPending(item);
    flush();
  }

  var slowTimers = [];
  function setTyping(on) {
    slowTimers.forEach(clearTimeout);
    slowTimers = [];
    typing.hidden = !on;
    typing.textContent = "";
    if (!on) return;
    typing.appendChild(el("span", null, T.typing));
    var dots = el("span", "dots");
    dots.setAttribute("aria-hidden", "true");
    dots.appendChild(el("i"));
    dots.appendChild(el("i"));
    dots.appendChild(el("i"));
    typing.appendChild(dots);
    slowTimers.push(setTimeout(function () { typing.firstChild.textContent = T.slow; }, 4000));
    slowTimers.push(setTimeout(function () { typing.firstChild.textContent = T.slower; }, 12000));
  }

  function flush() {
    if (flushing || !outbox.length) return;
    flushing = true;
    var item = outbox[0];
    var li = pending[item.client_id];
    setTyping(status.state === "bot");
    function later(ms, notice) {
      // kept in the outbox and sent again with the same client id: the gateway answers it once
      flushing = false;
      setTyping(false);
      if (li) markState(li, T.queued);
      setNotice(notice);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(flush, ms);
    }
    api("POST", "/api/chat", { session_id: sessionId, text: item.text, client_id: item.client_id }).then(function (r) {
      if (r.status === 429 || r.status === 503 || r.status === 502 || r.status === 504) {
        later(Math.max(r.retryAfter * 1000, RETRY_MS), r.body.detail || T.offline);
        return;
      }
      flushing = false;
      setTyping(false);
      outbox.shift();
      saveOutbox();
      if (r.ok) {
        if (li && pending[item.client_id]) markState(li, "");
        setNotice("");
        r.body.messages.forEach(function (m) { render(m, true); });
        setStatus(r.body.status);
      } else {
        if (li) markState(li, T.failed);
        delete pending[item.client_id];
        setNotice(r.body.detail || T.error);
      }
      flush();
    }, function () {
      later(RETRY_MS, T.offline);
    });
  }

  // ---- who serves the conversation ----
  function setStatus(next) {
    if (!next) return;
    status = next;
    banner.textContent = "";
    banner.className = "banner " + next.state;
    if (next.state === "waiting") {
      banner.appendChild(el("span", null, T.waiting));
      var back = el("button", "quick", T.backToBot);
      back.type = "button";
      back.addEventListener("click", function () {
        api("POST", "/api/chat/back-to-bot", { session_id: sessionId }).then(function (r) {
          if (r.ok) setStatus(r.body.status); else setNotice(r.body.detail || T.error);
        }, function () { setNotice(T.offline); });
      });
      banner.appendChild(back);
    } else if (next.state === "staff") {
      banner.appendChild(el("span", null, fill(T.serving, { name: next.staff_name })));
    } else if (next.awaiting_rating) {
      banner.appendChild(el("span", null, T.ended));
      var group = el("div", "rating");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", T.rateGroup);
      [1, 2, 3, 4, 5].forEach(function (n) {
        var star = el("button", "star", fill(T.rate, { n: n }));
        star.type = "button";
        star.addEventListener("click", function () { rate(n, next.escalation_id); });
        group.appendChild(star);
      });
      banner.appendChild(group);
    } else if (next.escalation_id && next.escalation_id === ratedEscalation) {
      banner.appendChild(el("span", null, T.rated));
    }
    banner.hidden = !banner.firstChild;
  }

  function rate(n, escalationId) {
    api("POST", "/api/chat/rating", { session_id: sessionId, rating: n }).then(function (r) {
      if (r.ok) { ratedEscalation = escalationId; setStatus(r.body.status); }
      else setNotice(r.body.detail || T.error);
    }, function () { setNotice(T.offline); });
  }

  function setNotice(text) { notice.textContent = text; }

  // ---- history and the live connection ----
  function catchUp() {
    return api("GET", "/api/chat/history?session_id=" + encodeURIComponent(sessionId) + "&after=" + lastId).then(function (r) {
      if (!r.ok) return;
      var live = loaded;
      r.body.messages.forEach(function (m) { render(m, live); });
      setStatus(r.body.status);
      loaded = true;
    });
  }

  function startPolling() {
    if (pollTimer) return;
    pollTimer = setInterval(function () { catchUp().catch(function () { /* offline; try again */ }); }, POLL_MS);
  }

  function connect() {
    if (connected) return;
    connected = true;
    catchUp().catch(function () { setNotice(T.offline); }).then(function () {
      // Sent before a reload whose answer never arrived: the gateway has it, do not show it twice.
      outbox = outbox.filter(function (item) { return !delivered[item.client_id] || pending[item.client_id]; });
      saveOutbox();
      outbox.forEach(function (item) { if (!pending[item.client_id]) showPending(item); });
      flush();
      if (!window.EventSource) { startPolling(); return; }
      source = new EventSource(BASE + "/api/chat/events?session_id=" + encodeURIComponent(sessionId) + "&after=" + lastId);
      source.addEventListener("message", function (e) { render(JSON.parse(e.data), true); });
      source.addEventListener("status", function (e) { setStatus(JSON.parse(e.data)); });
      source.addEventListener("error", function () {
        if (source && source.readyState === EventSource.CLOSED) { source = null; startPolling(); }
      });
    });
  }

  window.addEventListener("online", function () {
    if (!connected) return;
    setNotice(T.reconnected);
    catchUp().catch(function () { /* still offline */ });
    if (!source && !pollTimer) startPolling();
    flush();
  });
  window.addEventListener("offline", function () { if (connected) setNotice(T.offline); });

  // ---- opening, closing, typing ----
  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.classList.remove("unread");
    launcher.setAttribute("aria-label", T.launcher);
    store.set("open", "1");
    connect();
    input.focus();
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    store.set("open", "0");
    launcher.focus();
  }
  launcher.addEventListener("click", function () { if (panel.hidden) open(); else close(); });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { setNotice(T.empty); input.focus(); return; }
    input.value = "";
    setNotice("");
    send(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); form.requestSubmit(); }
  });

  function mount() {
    document.body.appendChild(host);
    if (options.open === "true" || store.get("open") === "1") open();
    else if (store.get("session") && outbox.length) connect();
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);

  window.ecoassist = { open: open, close: close, sessionId: function () { return sessionId; }, clock: clock };
})();
