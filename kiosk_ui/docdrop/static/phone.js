// docdrop phone page: pick an agency, add photos/PDFs (each uploaded at once with its own
// progress bar), remove, send, show the receipt. Every word comes from the server (#boot).
"use strict";

(function () {
  const boot = JSON.parse(document.getElementById("boot").textContent);
  const token = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop());
  const api = "../api/sessions/" + encodeURIComponent(token);
  let lang = boot.lang;
  let agencies = [];
  const items = [];  // {key, file, name, state: uploading|done|failed, percent, id, error, thumb}
  let nextKey = 1;

  const $ = (id) => document.getElementById(id);
  const t = (key, fmt) => {
    let text = (boot.strings[lang] || {})[key] || boot.strings.ko[key] || key;
    for (const [k, v] of Object.entries(fmt || {})) text = text.split("{" + k + "}").join(String(v));
    return text;
  };
  const query = () => "?lang=" + lang;

  function renderStatic() {
    document.documentElement.lang = lang;
    document.title = t("page_title");
    $("title").textContent = t("page_title");
    $("lang-switch").textContent = t("lang_switch");
    $("intro").textContent = t("page_intro");
    $("agency-label").textContent = t("agency_label");
    $("camera-text").textContent = t("take_photo");
    $("files-text").textContent = t("choose_files");
    $("name-label").textContent = t("name_label");
    $("phone-label").textContent = t("phone_label");
    $("note-label").textContent = t("note_label");
    $("consent-text").textContent = t("consent", {days: boot.retention_days});
    $("submit").textContent = t("submit");
    $("receipt-title").textContent = t("receipt_title");
    $("receipt-label").textContent = t("receipt_number");
    $("receipt-note").textContent = t("receipt_note");
    if (boot.problem) {
      $("problem-title").textContent = t("link_invalid_title");
      $("problem-text").textContent = t(boot.problem);
    }
    renderAgencies();
    renderFiles();
  }

  const chosenAgency = () => {
    const checked = document.querySelector("input[name=agency]:checked");
    return checked ? checked.value : "";
  };

  function renderAgencies() {
    const box = $("agency-options");
    const chosen = chosenAgency();
    box.replaceChildren();
    for (const a of agencies) {
      const label = document.createElement("label");
      label.className = "choice";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = "agency";
      input.value = a.id;
      input.checked = a.id === chosen;
      input.onchange = renderAgencies;
      const text = document.createElement("span");
      text.textContent = a.name[lang] || a.name.ko;
      label.append(input, text);
      box.append(label);
    }
    const agency = agencies.find((a) => a.id === chosenAgency());
    $("kinds").textContent = agency
      ? t("accepted_kinds", {kinds: agency.documents.map((d) => d[lang] || d.ko).join(", ")})
      : "";
  }

  function renderFiles() {
    const live = items.filter((i) => i.state !== "removed");
    $("files-heading").textContent = t("files_heading", {count: live.length, max: boot.max_files});
    $("no-files").textContent = live.length ? "" : t("no_files");
    const list = $("file-list");
    list.replaceChildren();
    for (const item of live) {
      const li = document.createElement("li");
      li.className = "file " + item.state;
      li.dataset.state = item.state;
      const thumb = document.createElement("div");
      thumb.className = "thumb";
      if (item.thumb) {
        const img = document.createElement("img");
        img.src = item.thumb;
        img.alt = "";
        img.onerror = () => { img.remove(); thumb.textContent = "IMG"; };
        thumb.append(img);
      } else {
        thumb.textContent = "PDF";
      }
      const body = document.createElement("div");
      body.className = "file-body";
      const name = document.createElement("div");
      name.className = "file-name";
      name.textContent = item.name;
      const status = document.createElement("div");
      status.className = "file-status";
      if (item.state === "uploading") status.textContent = t("uploading", {percent: item.percent});
      else if (item.state === "done") status.textContent = t("uploaded");
      else status.textContent = t("upload_failed") + ": " + (item.error || "");
      const bar = document.createElement("progress");
      bar.max = 100;
      bar.value = item.state === "done" ? 100 : item.percent;
      bar.hidden = item.state === "failed";
      body.append(name, bar, status);
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "remove";
      remove.textContent = t("remove");
      remove.disabled = item.state === "uploading";
      remove.onclick = () => removeItem(item);
      li.append(thumb, body, remove);
      list.append(li);
    }
  }

  function addFiles(fileList) {
    for (const file of fileList) {
      const item = {key: nextKey++, file, name: file.name || "photo", state: "uploading", percent: 0};
      item.thumb = file.type.startsWith("image/") ? URL.createObjectURL(file) : null;
      items.push(item);
      upload(item);
    }
    renderFiles();
  }

  function upload(item) {
    const form = new FormData();
    form.append("file", item.file, item.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", api + "/files" + query());
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        item.percent = Math.min(99, Math.round((e.loaded / e.total) * 100));
        renderFiles();
      }
    };
    xhr.onload = () => {
      let data = {};
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = {}; }
      if (xhr.status === 201) {
        item.state = "done";
        item.id = data.id;
        item.percent = 100;
      } else {
        item.state = "failed";
        item.error = data.detail || t("err_server");
      }
      renderFiles();
    };
    xhr.onerror = () => { item.state = "failed"; item.error = t("err_bad_upload"); renderFiles(); };
    xhr.send(form);
  }

  async function removeItem(item) {
    if (item.state === "done") {
      const r = await fetch(api + "/files/" + encodeURIComponent(item.id) + query(), {method: "DELETE"});
      if (!r.ok && r.status !== 404) {
        const data = await r.json().catch(() => ({}));
        $("form-error").textContent = data.detail || t("err_server");
        return;
      }
    }
    item.state = "removed";
    if (item.thumb) URL.revokeObjectURL(item.thumb);
    renderFiles();
  }

  async function submit(event) {
    event.preventDefault();
    const error = $("form-error");
    const live = items.filter((i) => i.state !== "removed");
    const check = [
      [!chosenAgency(), "need_agency"],
      [live.some((i) => i.state === "uploading"), "wait_uploads"],
      [!live.some((i) => i.state === "done"), "need_files"],
      [!$("name").value.trim(), "need_name"],
      [!/^\+?[0-9][0-9 -]{7,18}[0-9]$/.test($("phone").value.trim()), "need_phone"],
      [!$("consent").checked, "need_consent"],
    ].find(([bad]) => bad);
    if (check) { error.textContent = t(check[1]); return; }
    error.textContent = "";
    $("submit").disabled = true;
    $("submit").textContent = t("sending");
    try {
      const r = await fetch(api + "/submit" + query(), {
        method: "POST",
        headers: {"Content-Type": "application/json"},
        body: JSON.stringify({
          agency_id: chosenAgency(), name: $("name").value.trim(),
          phone: $("phone").value.trim(), note: $("note").value.trim(),
        }),
      });
      const data = await r.json().catch(() => ({}));
      if (!r.ok) throw new Error(data.detail || t("err_server"));
      showReceipt(data.receipt_no, data.state);
    } catch (e) {
      error.textContent = e.message;
      $("submit").disabled = false;
      $("submit").textContent = t("submit");
    }
  }

  function showReceipt(receiptNo, state) {
    $("send-form").hidden = true;
    $("receipt").hidden = false;
    $("receipt-no").textContent = receiptNo;
    $("receipt-state").textContent = t("state_" + state);
    $("receipt-state").dataset.state = state;
    if (state === "submitted") setTimeout(pollState, 1500);
  }

  async function pollState() {
    const r = await fetch(api + query()).catch(() => null);
    const data = r && r.ok ? await r.json() : null;
    if (data && data.state !== "submitted") showReceipt(data.receipt_no, data.state);
    else setTimeout(pollState, 3000);
  }

  async function start() {
    renderStatic();
    $("lang-switch").onclick = () => { lang = lang === "ko" ? "en" : "ko"; renderStatic(); };
    if (boot.problem) { $("problem").hidden = false; return; }
    const [ar, sr] = await Promise.all([fetch("../api/agencies"), fetch(api + query())]);
    agencies = ar.ok ? await ar.json() : [];
    const status = sr.ok ? await sr.json() : null;
    if (status && status.receipt_no) { showReceipt(status.receipt_no, status.state); return; }
    for (const f of (status && status.files) || []) {
      items.push({key: nextKey++, name: f.name, state: "done", percent: 100, id: f.id, thumb: null});
    }
    $("send-form").hidden = false;
    $("camera").onchange = (e) => { addFiles(e.target.files); e.target.value = ""; };
    $("files").onchange = (e) => { addFiles(e.target.files); e.target.value = ""; };
    $("send-form").onsubmit = submit;
    renderStatic();
  }

  start();
})();
