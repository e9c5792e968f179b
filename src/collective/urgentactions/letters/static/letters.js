// Letter counter: submit the viewlet's forms in place and swap in the
// re-rendered viewlet. Without JavaScript the forms post and redirect.
(function () {
  "use strict";

  function showError(section, message) {
    let alert = section.querySelector(".ua-letters-error");
    if (!alert) {
      alert = document.createElement("div");
      alert.className = "ua-letters-error alert alert-danger mt-2 mb-0";
      alert.setAttribute("role", "alert");
      section.querySelector(".card-body").appendChild(alert);
    }
    alert.textContent = message;
  }

  // "My Urgent Actions" shows the member's counts: render it anew.
  async function refreshPortlets(baseUrl) {
    const wrappers = document.querySelectorAll(".portletWrapper[data-portlethash]");
    for (const wrapper of wrappers) {
      if (!wrapper.querySelector(".portletMyUrgentActions")) {
        continue;
      }
      const hash = encodeURIComponent(wrapper.dataset.portlethash);
      const response = await fetch(`${baseUrl}/@@render-portlet?portlethash=${hash}`, {
        credentials: "same-origin",
      });
      if (response.ok) {
        wrapper.innerHTML = await response.text();
      }
    }
  }

  async function submit(event) {
    const form = event.target.closest("form");
    const section = event.target.closest("[data-ua-letters]");
    if (!form || !section) {
      return;
    }
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const data = await response.json();
      if (!response.ok) {
        showError(section, data.error);
        return;
      }
      const holder = document.createElement("div");
      holder.innerHTML = data.html;
      const fresh = holder.querySelector("[data-ua-letters]");
      const notice = document.createElement("p");
      notice.className = "ua-letters-message text-success mb-0";
      notice.setAttribute("role", "status");
      notice.textContent = data.message;
      fresh.querySelector(".card-body").appendChild(notice);
      section.replaceWith(fresh);
      await refreshPortlets(form.action.replace(/\/@@[^/]+$/, ""));
    } catch (error) {
      showError(section, error.message);
    } finally {
      if (button) {
        button.disabled = false;
      }
    }
  }

  document.addEventListener("submit", function (event) {
    if (
      event.target.closest("[data-ua-letters]") &&
      !event.target.closest("form[data-no-script]")
    ) {
      submit(event);
    }
  });
})();
