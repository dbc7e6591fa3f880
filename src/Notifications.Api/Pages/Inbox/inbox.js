// The inbox demo: lists a user's in-app messages and keeps them live over Server-Sent Events, using only a
// subscriber token (never an API key). Everything shown is set as text, never as HTML.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const state = { token: null, userId: null, events: null, messages: new Map() };

  function userOf(token) {
    const payload = token.split(".")[1] || "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "="));
    return JSON.parse(json).u;
  }

  function inboxUrl(path) {
    return `/api/v1/users/${encodeURIComponent(state.userId)}/inbox${path}`;
  }

  async function call(method, path) {
    const response = await fetch(inboxUrl(path), { method, headers: { Authorization: `Bearer ${state.token}` } });
    if (!response.ok) {
      throw new Error(`${method} ${path || "/"} answered ${response.status}`);
    }
    return response.json();
  }

  function safeUrl(url) {
    return typeof url === "string" && (/^https?:\/\//i.test(url) || /^\/(?![/\\])/.test(url)) ? url : null;
  }

  function showCounts(counts) {
    $("unread").textContent = counts.unread;
    $("unread").classList.toggle("zero", counts.unread === 0);
    $("unseen").textContent = counts.unseen;
    $("total").textContent = counts.total;
  }

  function render() {
    const list = $("messages");
    const visible = [...state.messages.values()]
      .filter((message) => !message.archived)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
    list.replaceChildren(...visible.map(item));
    $("empty").hidden = visible.length > 0;
  }

  function item(message) {
    const node = $("message").content.firstElementChild.cloneNode(true);
    node.dataset.id = message.id;
    node.classList.toggle("read", message.read);
    const title = node.querySelector(".title");
    title.textContent = message.title;
    const url = safeUrl(message.url);
    if (url) {
      title.href = url;
      title.rel = "noopener noreferrer";
    }
    node.querySelector(".body").textContent = message.body || "";
    const time = node.querySelector("time");
    time.dateTime = message.createdAt;
    time.textContent = new Date(message.createdAt).toLocaleString();
    const markRead = node.querySelector(".mark-read");
    markRead.hidden = message.read;
    markRead.addEventListener("click", () => mark(message.id, "read"));
    node.querySelector(".archive").addEventListener("click", () => mark(message.id, "archive"));
    return node;
  }

  function remember(message) {
    state.messages.set(message.id, message);
    render();
  }

  async function mark(id, action) {
    try {
      const result = await call("POST", `/${encodeURIComponent(id)}/${action}`);
      remember(result.message);
      showCounts(result.counts);
    } catch (error) {
      $("status").textContent = error.message;
    }
  }

  async function markAllRead() {
    try {
      showCounts(await call("POST", "/read-all"));
      await load();
    } catch (error) {
      $("status").textContent = error.message;
    }
  }

  async function load() {
    const page = await call("GET", "?limit=100");
    state.messages = new Map(page.items.map((message) => [message.id, message]));
    render();
    showCounts(page.counts);
  }

  function listen() {
    state.events?.close();
    const events = new EventSource(`${inboxUrl("/stream")}?access_token=${encodeURIComponent(state.token)}`);
    let opened = false;
    events.addEventListener("open", () => {
      $("status").textContent = `Live: inbox of ${state.userId}`;
      // After a reconnection, messages sent while the stream was down are only in the inbox itself.
      if (opened) {
        load().catch((error) => { $("status").textContent = error.message; });
      }
      opened = true;
    });
    events.addEventListener("error", () => {
      $("status").textContent = events.readyState === EventSource.CLOSED
        ? "Disconnected: the token was refused or has expired."
        : "Reconnecting…";
    });
    events.addEventListener("message", (event) => remember(JSON.parse(event.data)));
    events.addEventListener("updated", (event) => remember(JSON.parse(event.data)));
    events.addEventListener("marked", () => load().catch((error) => { $("status").textContent = error.message; }));
    events.addEventListener("counts", (event) => showCounts(JSON.parse(event.data)));
    state.events = events;
  }

  async function open(token) {
    try {
      state.token = token.trim();
      state.userId = userOf(state.token);
    } catch {
      $("status").textContent = "That is not a subscriber token.";
      return;
    }
    $("inbox").hidden = false;
    $("status").textContent = "Loading…";
    try {
      listen();
      await load();
    } catch (error) {
      $("status").textContent = error.message;
    }
  }

  $("open").addEventListener("submit", (event) => {
    event.preventDefault();
    open($("token").value);
  });
  $("read-all").addEventListener("click", markAllRead);

  const fromFragment = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromFragment) {
    $("token").value = fromFragment;
    open(fromFragment);
  }
})();
