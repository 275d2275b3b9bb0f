// Staff paging page: pick yourself (/staff), then see your open pages with big Accept / Decline
// buttons (/staff/<id>). It asks the server for news every refresh_ms and says so when the
// server cannot be reached. Every word comes from the server (#boot, content/i18n/paging.yaml).
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const boot = JSON.parse($("boot").textContent);
  const api = boot.root + "/api";
  let lang = boot.lang;
  let pages = [];
  let lastData = "";
  let failures = 0;
  let firstLoad = true;
  const known = new Set();  // open page ids already shown (a new one buzzes the phone)
  const busy = new Set();  // page ids with an answer on its way

  const t = (key, fmt) => {
    let text = (boot.strings[lang] || {})[key] || boot.strings.ko[key] || key;
    for (const [k, v] of Object.entries(fmt || {})) text = text.split("{" + k + "}").join(String(v));
    return text;
  };
  const nameOf = (names) => (names && (names[lang] || names.ko)) || "";

  async function fetchJson(url, options, timeoutMs) {
    // Never wait forever: a hung server is the same as a down one for the person holding the phone.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs || 8000);
    try {
      const response = await fetch(url, Object.assign({signal: abort.signal, cache: "no-store"}, options));
      let body = null;
      try { body = await response.json(); } catch (e) { body = null; }
      return {status: response.status, ok: response.ok, body: body};
    } finally {
      clearTimeout(timer);
    }
  }

  function ago(ts) {
    const s = Math.max(0, Date.now() / 1000 - ts);
    if (s < 60) return t("ago_now");
    if (s < 3600) return t("ago_min", {n: Math.floor(s / 60)});
    return t("ago_hour", {n: Math.floor(s / 3600)});
  }

  function setConnection(ok) {
    const line = $("connection");
    line.hidden = false;
    line.classList.toggle("offline", !ok);
    line.textContent = ok ? t("connected", {n: Math.round(boot.refresh_ms / 100) / 10}) : t("offline");
    line.dataset.state = ok ? "online" : "offline";
  }

  function flash(text, isError) {
    const box = $("flash");
    box.textContent = text;
    box.classList.toggle("error", !!isError);
    box.hidden = !text;
  }

  function renderStatic() {
    document.documentElement.lang = lang;
    const title = boot.view === "inbox"
      ? t("page_title_inbox", {name: nameOf(boot.staff_name)}) : t("page_title");
    document.title = title;
    $("title").textContent = title;
    $("lang-switch").textContent = t("lang_switch");
    if (boot.problem) {
      $("problem").hidden = false;
      $("problem-text").textContent = t(boot.problem, {staff: location.pathname.split("/").pop()});
    }
    if (boot.view === "picker") {
      $("picker").hidden = false;
      $("pick-intro").textContent = t("pick_intro");
      renderPicker();
    } else {
      $("inbox").hidden = false;
      const change = $("change-person");
      change.hidden = false;
      change.textContent = t("change_person");
      change.href = boot.root + "/staff?lang=" + lang;
      $("heading-open").textContent = t("heading_open");
      $("heading-recent").textContent = t("heading_recent");
      renderInbox();
    }
  }

  function renderPicker() {
    const list = $("staff-list");
    list.replaceChildren();
    for (const s of boot.staff) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = boot.root + "/staff/" + encodeURIComponent(s.id) + "?lang=" + lang;
      a.dataset.staffId = s.id;
      const text = document.createElement("span");
      const who = document.createElement("span");
      who.className = "who";
      who.textContent = nameOf(s.name);
      const dept = document.createElement("span");
      dept.className = "dept";
      dept.textContent = " · " + nameOf(s.department);
      text.append(who, dept);
      a.append(text);
      if (s.veteran) {
        const badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = t("veteran_badge");
        a.append(badge);
      }
      li.append(a);
      list.append(li);
    }
  }

  function meta(p) {
    return t("meta", {robot: p.robot || "-", ago: ago(p.created), level: p.level + 1});
  }

  function renderInbox() {
    const open = pages.filter((p) => p.status === "open");
    const recent = pages.filter((p) => p.status !== "open");
    $("no-pages").textContent = open.length ? "" : t("no_pages");
    document.title = open.length
      ? t("new_pages_title", {n: open.length})
      : t("page_title_inbox", {name: nameOf(boot.staff_name)});

    const openList = $("open-list");
    openList.replaceChildren();
    for (const p of open) {
      const li = document.createElement("li");
      li.className = "card";
      li.dataset.pageId = p.page_id;
      li.dataset.status = p.status;
      const h = document.createElement("h3");
      h.textContent = t("page_heading", {office: nameOf(p.office_name) || p.office_id});
      const reason = document.createElement("p");
      reason.className = "reason";
      reason.textContent = p.reason || t("no_reason");
      const info = document.createElement("p");
      info.className = "meta";
      info.textContent = meta(p);
      const answers = document.createElement("div");
      answers.className = "answers";
      const yes = document.createElement("button");
      yes.type = "button";
      yes.className = "button accept";
      yes.textContent = t("btn_accept");
      yes.onclick = () => answer(p, true);
      const no = document.createElement("button");
      no.type = "button";
      no.className = "button decline";
      no.textContent = t("btn_decline");
      no.onclick = () => answer(p, false);
      yes.disabled = no.disabled = busy.has(p.page_id);
      answers.append(yes, no);
      li.append(h, reason, info, answers);
      openList.append(li);
    }

    const recentList = $("recent-list");
    recentList.replaceChildren();
    $("heading-recent").hidden = recent.length === 0;
    for (const p of recent) {
      const li = document.createElement("li");
      li.dataset.pageId = p.page_id;
      li.dataset.status = p.status;
      const state = document.createElement("div");
      state.className = "state";
      state.textContent = t("status_" + p.status);
      const info = document.createElement("div");
      info.className = "meta";
      info.textContent = (nameOf(p.office_name) || p.office_id) + " · " + meta(p);
      li.append(state, info);
      recentList.append(li);
    }
  }

  async function poll() {
    let delay = boot.refresh_ms;
    try {
      const r = await fetchJson(api + "/staff/" + encodeURIComponent(boot.staff_id) + "/inbox?lang=" + lang);
      if (!r.ok || !Array.isArray(r.body)) throw new Error("status " + r.status);
      failures = 0;
      setConnection(true);
      const data = JSON.stringify(r.body);
      if (data !== lastData) {
        lastData = data;
        pages = r.body;
        const fresh = pages.filter((p) => p.status === "open" && !known.has(p.page_id));
        fresh.forEach((p) => known.add(p.page_id));
        if (fresh.length && !firstLoad && navigator.vibrate) navigator.vibrate([300, 150, 300]);
      }
      firstLoad = false;
      renderInbox();  // also keeps "n min ago" current
    } catch (e) {
      failures += 1;
      setConnection(false);
      delay = Math.min(boot.refresh_ms * 2 ** Math.min(failures, 3), 15000);
    }
    setTimeout(poll, delay);
  }

  async function answer(page, accept) {
    if (busy.has(page.page_id)) return;
    busy.add(page.page_id);
    renderInbox();
    try {
      const r = await fetchJson(api + "/pages/" + encodeURIComponent(page.page_id) + "/ack?lang=" + lang, {
        method: "POST",
        headers: {"Content-Type": "application/json"},
        body: JSON.stringify({staff_id: boot.staff_id, accept: accept}),
      });
      if (r.ok) {
        flash(t(accept ? "sent_accept" : "sent_decline"), false);
      } else {
        flash((r.body && r.body.detail) || t("err_network"), true);
      }
      if (r.body && (r.body.page_id || r.body.page)) {
        const fresh = r.body.page_id ? r.body : r.body.page;
        pages = pages.map((p) => (p.page_id === fresh.page_id ? fresh : p));
        lastData = "";
      }
    } catch (e) {
      flash(t("err_network"), true);
    } finally {
      busy.delete(page.page_id);
      renderInbox();
    }
  }

  $("lang-switch").onclick = () => {
    lang = lang === "ko" ? "en" : "ko";
    const url = new URL(location.href);
    url.searchParams.set("lang", lang);
    history.replaceState(null, "", url);
    renderStatic();
    if (boot.view === "inbox") setConnection(failures === 0);
  };

  renderStatic();
  if (boot.view === "inbox") poll();
})();
