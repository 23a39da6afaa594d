/*
 * Passkeys on Gatehouse's pages (a same-origin script: the CSP allows no inline code). A button
 * with data-passkey="register" or "authenticate" asks its data-options-url for WebAuthn options,
 * lets the browser (SimpleWebAuthnBrowser, served from /static/webauthn/) create or use a passkey,
 * and posts the result as JSON to its data-verify-url with the page's CSRF token (X-CSRF-Token).
 */
(function () {
  'use strict';
  var lib = window.SimpleWebAuthnBrowser;

  function field(name) {
    var el = document.querySelector('input[name="' + name + '"]');
    return el ? el.value : '';
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': field('_csrf') },
      body: JSON.stringify(body || {}),
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw new Error(data.message || 'HTTP ' + res.status);
        return data;
      });
    });
  }

  function report(button, err) {
    var box = document.getElementById(button.getAttribute('data-error-box') || '');
    if (!box) return;
    box.textContent = button.getAttribute('data-failed-text') || String(err && err.message);
    box.hidden = false;
  }

  function run(button) {
    var mode = button.getAttribute('data-passkey');
    var optionsUrl = button.getAttribute('data-options-url');
    var verifyUrl = button.getAttribute('data-verify-url');
    var returnTo = field('return_to');
    button.disabled = true;
    var done;
    if (mode === 'register') {
      var nameInput = document.getElementById(button.getAttribute('data-name-input') || '');
      done = post(optionsUrl)
        .then(function (options) { return lib.startRegistration({ optionsJSON: options }); })
        .then(function (response) { return post(verifyUrl, { response: response, name: nameInput ? nameInput.value : '' }); })
        .then(function () { window.location.assign(window.location.pathname); });
    } else {
      done = post(optionsUrl, { return_to: returnTo })
        .then(function (options) { return lib.startAuthentication({ optionsJSON: options }); })
        .then(function (response) { return post(verifyUrl, { response: response, return_to: returnTo }); })
        .then(function (result) { window.location.assign(result.redirect || '/'); });
    }
    done.catch(function (err) {
      button.disabled = false;
      report(button, err);
    });
  }

  var buttons = document.querySelectorAll('[data-passkey]');
  var supported = !!(lib && lib.browserSupportsWebAuthn());
  for (var i = 0; i < buttons.length; i++) {
    var button = buttons[i];
    if (!supported) continue;
    button.hidden = false;
    button.addEventListener('click', function (event) {
      event.preventDefault();
      run(event.currentTarget);
    });
  }
  var notes = document.querySelectorAll('[data-passkey-unsupported]');
  for (var j = 0; j < notes.length; j++) notes[j].hidden = supported;
})();
