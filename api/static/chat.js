// Minimal chat page for the gateway's POST /api/chat. Everything the user, the bot or
// staff wrote is inserted with textContent, never as HTML.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("input");
  var status = document.getElementById("status");
  var sessionId = localStorage.getItem("ecoassist.session");
  if (!sessionId) {
    sessionId = "web-" + Math.random().toString(36).slice(2) + Date.now().toString(36);
    localStorage.setItem("ecoassist.session", sessionId);
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(message) {
    var item = el("li", "msg " + (message.sender === "user" ? "user" : "bot"), message.text);
    (message.citations || []).forEach(function (c) {
      var cite = el("div", "cite", "依据：《" + c.document + "》" + (c.doc_no ? "（" + c.doc_no + "）" : "") + " " + c.article +
        (c.departments && c.departments.length ? " · 责任部门：" + c.departments.join("、") : ""));
      item.appendChild(cite);
    });
    if (message.buttons && message.buttons.length) {
      var row = el("div", "buttons");
      message.buttons.forEach(function (b) {
        var btn = el("button", "", b.title);
        btn.type = "button";
        btn.addEventListener("click", function () { send(b.payload, b.title); });
        row.appendChild(btn);
      });
      item.appendChild(row);
    }
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
  }

  function send(text, shown) {
    render({ sender: "user", text: shown || text });
    status.textContent = "正在查询，请稍候……";
    return fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session_id: sessionId, text: text })
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.detail || "请求失败"); }
        status.textContent = "";
        body.messages.forEach(render);
      });
    }).catch(function (err) {
      status.textContent = err.message || "网络异常，请稍后重试。";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { status.textContent = "请输入您要咨询的问题。"; return; }
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); form.requestSubmit(); }
  });
})();
