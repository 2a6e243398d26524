// Debouncing with a leading edge: the first call after a quiet spell runs at
// once (a reader who types one letter sees results without waiting), and the
// calls of a burst (keys less than `waitMs` apart) are merged into one run
// `waitMs` after the last of them. So a fast typist sends one request per
// pause, never one per key.
export class Debouncer {
  constructor(waitMs, run) {
    this.waitMs = waitMs;
    this.run = run;
    this.timer = null;
    this.pending = false;
  }

  call() {
    if (this.timer === null) {
      this.run();
    } else {
      this.pending = true;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.pending) {
        this.pending = false;
        this.run();
      }
    }, this.waitMs);
  }

  // Runs now (Enter, back and forward) and forgets the burst.
  flush() {
    this.cancel();
    this.run();
  }

  cancel() {
    clearTimeout(this.timer);
    this.timer = null;
    this.pending = false;
  }
}
