// The browser side of the web chat channel. Plain script, no framework, no build step.
// Contract with the server (src/channels/web/web-chat-app.ts):
//   POST /api/messages {messageId, text?, button?: {scope, index}} -> {replies} | {error}
//   POST /api/files    multipart messageId, text?, file...          -> {replies} | {error}
//   GET  /api/pending                                               -> {messages}
//   GET  /api/strings?lang=vi|en                                    -> flat UI strings
// The session is an HttpOnly cookie the server sets on the first message; same-origin fetch sends
// it, and this script never sees it. A pressed button is sent as its position among the choices
// and the scope of the message that showed it, so the server refuses a button from an old question.
// Every text from the person or the bot is shown with textContent, never as HTML.
"use strict";

(function () {
  var LANG_KEY = "tdkt.web.lang";
  var POLL_MS = 15000;

  // Used only until /api/strings answers, or when it cannot be reached.
  var FALLBACK_STRINGS = {
    "bubble.bot": "Trợ lý",
    "bubble.user": "Bạn",
    "choices.label": "Các lựa chọn",
    "status.sending": "Đang gửi…",
    "status.uploading": "Đang tải tệp lên…",
    "files.sent": "📎 Đã gửi {count} tệp: {names}",
    "error.network": "Xin lỗi, chưa gửi được tin nhắn. Vui lòng kiểm tra kết nối mạng rồi thử lại.",
    "error.server": "Xin lỗi, hệ thống đang bận. Vui lòng thử lại sau ít phút."
  };

  // Earlier versions kept a bearer session id here; the session is now an HttpOnly cookie.
  var OLD_SESSION_KEY = "tdkt.web.sessionId";

  var memoryStore = {};
  var strings = FALLBACK_STRINGS;
  var lang = readStore(LANG_KEY) === "en" ? "en" : "vi";
  var busy = false;
  // The text being sent and its messageId: resending the same text after a failure reuses the id,
  // so a message that reached the server but whose answer was lost is not applied twice.
  var unsent = null;
  // The button groups on screen: the last message's, and a document button of an earlier one.
  var choiceEls = [];

  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("text");
  var sendButton = document.getElementById("send");
  var fileInput = document.getElementById("file");
  var langButton = document.getElementById("lang");
  var statusLine = document.getElementById("status");
  var errorLine = document.getElementById("error");

  function readStore(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return Object.prototype.hasOwnProperty.call(memoryStore, key) ? memoryStore[key] : null;
    }
  }

  function writeStore(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (e) {
      memoryStore[key] = value;
    }
  }

  // crypto.randomUUID exists only in secure contexts; a phone opening http://192.168.x.x is not one.
  function randomId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID().replace(/-/g, "");
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var hex = "";
    for (var i = 0; i < bytes.length; i++) hex += (bytes[i] + 0x100).toString(16).slice(1);
    return hex;
  }

  function forgetOldSession() {
    try {
      window.localStorage.removeItem(OLD_SESSION_KEY);
    } catch (e) {
      // No storage, nothing to forget.
    }
  }

  function t(key, params) {
    var template = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : FALLBACK_STRINGS[key] || key;
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  function applyStrings() {
    document.documentElement.lang = lang;
    if (strings["page.title"]) document.title = strings["page.title"];
    var bindings = [
      ["data-i18n", function (el, v) { el.textContent = v; }],
      ["data-i18n-placeholder", function (el, v) { el.setAttribute("placeholder", v); }],
      ["data-i18n-title", function (el, v) { el.setAttribute("title", v); }],
      ["data-i18n-aria-label", function (el, v) { el.setAttribute("aria-label", v); }]
    ];
    bindings.forEach(function (binding) {
      var nodes = document.querySelectorAll("[" + binding[0] + "]");
      for (var i = 0; i < nodes.length; i++) {
        var value = strings[nodes[i].getAttribute(binding[0])];
        if (typeof value === "string") binding[1](nodes[i], value);
      }
    });
  }

  function loadStrings(language) {
    return fetch("/api/strings?lang=" + encodeURIComponent(language), { headers: { Accept: "application/json" } })
      .then(function (res) {
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.json();
      })
      .then(function (loaded) {
        strings = loaded;
        applyStrings();
      })
      .catch(function () {
        // Keep the Vietnamese already in the page.
      });
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function removeChoices() {
    choiceEls.forEach(removeNode);
    choiceEls = [];
  }

  function addBubble(who, text, pending) {
    if (who === "user") removeChoices();
    var bubble = document.createElement("div");
    bubble.className = "bubble " + who + (pending ? " pending" : "");
    bubble.setAttribute("aria-label", t(who === "bot" ? "bubble.bot" : "bubble.user"));
    bubble.textContent = text;
    log.appendChild(bubble);
    scrollToEnd();
    return bubble;
  }

  function removeNode(node) {
    if (node && node.parentNode) node.parentNode.removeChild(node);
  }

  // A document sent with a reply: a download link (the server signed it), its name as text.
  function addDocuments(bubble, message) {
    var documents = message && Array.isArray(message.documents) ? message.documents : [];
    documents.forEach(function (d) {
      if (!d || typeof d.url !== "string" || !/^(https?:\/\/|\/)/.test(d.url)) return;
      var link = document.createElement("a");
      link.className = "document";
      link.href = d.url;
      link.setAttribute("download", typeof d.fileName === "string" ? d.fileName : "");
      link.rel = "noopener";
      link.textContent = "📄 " + String(d.fileName);
      bubble.appendChild(document.createElement("br"));
      bubble.appendChild(link);
    });
  }

  function renderChoices(message) {
    var choices = message && message.choices;
    if (!choices || choices.length === 0) return;
    var scope = typeof message.scope === "string" ? message.scope : "";
    var choicesEl = document.createElement("div");
    choicesEl.className = "choices";
    choicesEl.setAttribute("role", "group");
    choicesEl.setAttribute("aria-label", t("choices.label"));
    choices.forEach(function (choice, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = choice.label;
      button.addEventListener("click", function () {
        sendChoice(choice, index, scope);
      });
      choicesEl.appendChild(button);
    });
    log.appendChild(choicesEl);
    choiceEls.push(choicesEl);
    scrollToEnd();
  }

  // Shows bot messages. The last one's choices become buttons; an earlier one's only when they
  // belong to another scope (a dossier's "Tải hồ sơ" button): the same scope means a stale question.
  function showBotMessages(messages) {
    if (!Array.isArray(messages) || messages.length === 0) return;
    removeChoices();
    var last = messages[messages.length - 1];
    messages.forEach(function (m) {
      addDocuments(addBubble("bot", String(m.text)), m);
      if (m === last || (m.scope && m.scope !== last.scope)) renderChoices(m);
    });
  }

  function setBusy(value, statusKey) {
    busy = value;
    sendButton.disabled = value;
    fileInput.disabled = value;
    fileInput.parentNode.classList.toggle("disabled", value);
    choiceEls.forEach(function (choicesEl) {
      var buttons = choicesEl.querySelectorAll("button");
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = value;
    });
    statusLine.hidden = !value;
    statusLine.textContent = value ? t(statusKey) : "";
  }

  function showError(message) {
    errorLine.textContent = message;
    errorLine.hidden = false;
  }

  function clearError() {
    errorLine.textContent = "";
    errorLine.hidden = true;
  }

  // Resolves to the replies, or rejects with an Error whose message is fit to show the person.
  function request(url, init) {
    return fetch(url, init).then(
      function (res) {
        return res
          .json()
          .catch(function () {
            return null;
          })
          .then(function (body) {
            if (res.ok && body && Array.isArray(body.replies)) return body.replies;
            var message = body && typeof body.error === "string" ? body.error : t("error.server");
            throw new Error(message);
          });
      },
      function () {
        throw new Error(t("error.network"));
      }
    );
  }

  function postMessage(payload) {
    return request("/api/messages", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(payload)
    });
  }

  // Sends `payload`; shows `bubbleText` as the person's bubble while it travels and keeps it only on
  // success. Resolves true on success; on failure shows the error and resolves false.
  function exchange(payload, bubbleText, statusKey) {
    if (busy) return Promise.resolve(false);
    setBusy(true, statusKey || "status.sending");
    var previousChoices = choiceEls.slice();
    var bubble = bubbleText ? addBubble("user", bubbleText, true) : null;
    return postMessage(payload).then(
      function (replies) {
        if (bubble) bubble.classList.remove("pending");
        clearError();
        setBusy(false);
        showBotMessages(replies);
        return true;
      },
      function (err) {
        removeNode(bubble);
        if (choiceEls.length === 0) {
          choiceEls = previousChoices;
          choiceEls.forEach(function (choicesEl) {
            log.appendChild(choicesEl);
          });
        }
        setBusy(false);
        showError(err.message);
        return false;
      }
    );
  }

  function sendText() {
    var text = input.value;
    if (text.trim() === "" || busy) return;
    if (!unsent || unsent.text !== text) unsent = { text: text, messageId: randomId() };
    var attempt = unsent;
    exchange({ messageId: attempt.messageId, text: text }, text).then(function (ok) {
      if (!ok) return;
      if (unsent === attempt) unsent = null;
      // The person may have typed more while it was sending; only clear what was sent.
      if (input.value === text) input.value = "";
      fitInput();
    });
  }

  function sendChoice(choice, index, scope) {
    exchange({ messageId: randomId(), button: { scope: scope, index: index } }, choice.label);
  }

  function sendFiles(files) {
    if (!files || files.length === 0 || busy) return;
    var names = [];
    var body = new FormData();
    body.append("messageId", randomId());
    for (var i = 0; i < files.length; i++) {
      body.append("file", files[i], files[i].name);
      names.push(files[i].name);
    }
    setBusy(true, "status.uploading");
    var bubble = addBubble("user", t("files.sent", { count: files.length, names: names.join(", ") }), true);
    request("/api/files", { method: "POST", credentials: "same-origin", headers: { Accept: "application/json" }, body: body }).then(
      function (replies) {
        bubble.classList.remove("pending");
        clearError();
        setBusy(false);
        showBotMessages(replies);
      },
      function (err) {
        removeNode(bubble);
        setBusy(false);
        showError(err.message);
      }
    );
  }

  function toggleLanguage() {
    var target = lang === "vi" ? "en" : "vi";
    exchange({ messageId: randomId(), text: "ngôn ngữ " + target }, langButton.textContent).then(function (ok) {
      if (!ok) return;
      lang = target;
      writeStore(LANG_KEY, lang);
      loadStrings(lang);
    });
  }

  function poll() {
    if (busy) return;
    fetch("/api/pending", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (body) {
        if (body && Array.isArray(body.messages)) showBotMessages(body.messages);
      })
      .catch(function () {
        // A missed poll is retried on the next tick; no need to alarm the person.
      });
  }

  function fitInput() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight + 2, 144) + "px";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    sendText();
  });

  input.addEventListener("keydown", function (event) {
    // Vietnamese input methods (Telex, VNI) compose with Enter too; never send mid-composition.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      sendText();
    }
  });

  input.addEventListener("input", fitInput);

  fileInput.addEventListener("change", function () {
    var files = Array.prototype.slice.call(fileInput.files || []);
    fileInput.value = "";
    sendFiles(files);
  });

  langButton.addEventListener("click", toggleLanguage);

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll();
  });

  forgetOldSession();
  loadStrings(lang).then(function () {
    exchange({ messageId: randomId(), text: "/start" }, null);
  });
  window.setInterval(poll, POLL_MS);
})();
