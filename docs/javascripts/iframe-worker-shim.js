/*
 * iframe-worker-shim.js: a stand-in for `Worker` when the site is opened from
 * the file system (file://). Written for the briefing site; no third-party code.
 *
 * Why: Chromium refuses `new Worker(url)` on file:// pages, and the search of
 * the MkDocs Material theme runs in a Worker. The Material `offline` plugin
 * would load a shim from a CDN; mkdocs.yml lists this file under
 * `extra.polyfills` instead (its path contains "iframe-worker", so the plugin
 * adds no CDN URL), and the theme loads it in <head> before its own bundle.
 *
 * How: on file:// only, `window.Worker` is replaced by `FileWorker`, which
 * runs the worker script in a hidden, same-document (about:blank) iframe:
 *   - page -> worker: `worker.postMessage(data)` dispatches a `message` event
 *     on the iframe's window, so the script's `onmessage` and
 *     `addEventListener("message", ...)` receive it as `event.data`;
 *   - worker -> page: the iframe's global `postMessage(data)` is replaced so
 *     that it dispatches a `message` event on the FileWorker object
 *     (`onmessage` and `addEventListener("message", ...)`);
 *   - messages posted before the worker script has loaded are queued;
 *   - `terminate()` (or `close()` inside the worker) removes the iframe.
 * Data are copied with structuredClone into the receiving window, as a real
 * Worker would copy them; delivery is always asynchronous.
 *
 * Material's search worker checks for `IFrameWorker` in its parent window and
 * then finds its lunr language files next to its own <script src>; the
 * FileWorker class is therefore also exposed under that name.
 *
 * Limitations (this is an iframe on the page's thread, not a thread):
 *   - heavy work in the "worker" blocks the page;
 *   - classic scripts only: module workers ({type: "module"}) cannot load
 *     from file:// anyway;
 *   - `importScripts(...)` cannot load synchronously from file://. Here it
 *     appends one <script> per URL, in order, and returns a Promise that
 *     settles when all have run: code right after the call does NOT yet see
 *     what the scripts define (Material's worker awaits the returned value,
 *     so it works there);
 *   - `self.location`, `navigator` etc. are those of the page, not the worker.
 */
(function () {
  "use strict";

  // Only on file://: over http(s) the browser's own Worker works.
  if (location.protocol !== "file:" || typeof document === "undefined") {
    return;
  }

  // Copy `data` into `win`'s realm like a Worker message; fall back to the
  // value itself where structuredClone is missing or the value can't be cloned.
  function copyInto(win, data) {
    try {
      return typeof win.structuredClone === "function"
        ? win.structuredClone(data)
        : data;
    } catch (err) {
      return data;
    }
  }

  // Run `fn` later, like a real message delivery.
  function later(fn) {
    setTimeout(fn, 0);
  }

  class FileWorker extends EventTarget {
    constructor(url, options) {
      super();
      this.onmessage = null;
      this.onmessageerror = null;
      this.onerror = null;
      this._url = new URL(String(url), document.baseURI).href;
      this._queue = [];      // messages posted before the script has loaded
      this._ready = false;
      this._closed = false;

      if (options && options.type === "module") {
        // Module scripts are blocked on file:// (CORS, null origin).
        console.warn("iframe-worker-shim: module workers are not supported");
      }

      // A hidden iframe with no src gets an about:blank document of the same
      // origin as the page, so we can reach into its window.
      const frame = document.createElement("iframe");
      frame.setAttribute("aria-hidden", "true");
      frame.setAttribute("tabindex", "-1");
      frame.title = "worker";
      frame.style.display = "none";
      (document.body || document.documentElement).appendChild(frame);
      this._frame = frame;

      const win = frame.contentWindow;
      const doc = frame.contentDocument;
      this._win = win;
      this._installGlobals(win, doc);

      // Load the worker script itself. It must be the first <script src> in
      // the iframe: Material's worker locates its assets from that element.
      const script = doc.createElement("script");
      script.src = this._url;
      script.addEventListener("load", () => {
        if (this._closed) return;
        this._ready = true;
        const queued = this._queue;
        this._queue = [];
        queued.forEach((copy) => this._deliverToWorker(copy));
      });
      script.addEventListener("error", () => {
        this._emitError("Failed to load worker script " + this._url);
      });
      (doc.head || doc.documentElement).appendChild(script);
    }

    // Give the iframe's window the globals a worker script expects.
    _installGlobals(win, doc) {
      const owner = this;

      // The worker's postMessage goes to the page's FileWorker object.
      win.postMessage = function (data) {
        if (owner._closed) return;
        const copy = copyInto(window, data);
        later(() => owner._emit("message", copy));
      };

      // A worker that closes itself.
      win.close = function () {
        owner.terminate();
      };

      // importScripts: ordered, asynchronous script tags (see the header).
      win.importScripts = function () {
        const urls = Array.prototype.slice.call(arguments);
        const loads = urls.map((src) => new Promise((resolve, reject) => {
          const tag = doc.createElement("script");
          tag.src = new URL(String(src), owner._url).href;
          tag.async = false;   // run in the order they were appended
          tag.addEventListener("load", () => resolve());
          tag.addEventListener("error", () => {
            reject(new Error("importScripts failed to load " + tag.src));
          });
          (doc.head || doc.documentElement).appendChild(tag);
        }));
        return Promise.all(loads).then(() => undefined);
      };

      // Uncaught errors in the worker become `error` events on the page side.
      win.addEventListener("error", (event) => {
        this._emitError(event.message, event.error);
      });
    }

    // Page -> worker. The message is copied now, as a Worker would copy it.
    postMessage(data) {
      if (this._closed) return;
      const copy = copyInto(this._win, data);
      if (!this._ready) {
        this._queue.push(copy);
        return;
      }
      this._deliverToWorker(copy);
    }

    // Dispatch an already copied message inside the iframe.
    _deliverToWorker(copy) {
      const win = this._win;
      later(() => {
        if (this._closed) return;
        // The event is made in the iframe's realm; dispatching it on the
        // iframe's window runs its `onmessage` and "message" listeners.
        win.dispatchEvent(new win.MessageEvent("message", { data: copy }));
      });
    }

    // Worker -> page: fire on this object, then its on<type> handler.
    _emit(type, data) {
      if (this._closed) return;
      const event = new MessageEvent(type, { data: data });
      this.dispatchEvent(event);
      const handler = this["on" + type];
      if (typeof handler === "function") handler.call(this, event);
    }

    _emitError(message, error) {
      const event = new ErrorEvent("error", {
        message: String(message),
        error: error,
      });
      this.dispatchEvent(event);
      if (typeof this.onerror === "function") this.onerror.call(this, event);
    }

    // Stop the worker: drop queued messages and remove the iframe.
    terminate() {
      if (this._closed) return;
      this._closed = true;
      this._queue = [];
      if (this._frame && this._frame.parentNode) {
        this._frame.parentNode.removeChild(this._frame);
      }
      this._frame = null;
      this._win = null;
    }
  }

  window.Worker = FileWorker;
  // Name checked by Material's search worker (see the header).
  window.IFrameWorker = FileWorker;
})();
