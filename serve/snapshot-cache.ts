/**
 * The ledger is read at most once per `refreshMs`, however many scrapes and probes arrive:
 * requests are answered from the last snapshot (and its rendered metrics text) while a newer
 * one is read in the background; only a request finding no recent snapshot waits for a read. So
 * under load /health and /metrics cost a lookup, not a query, whatever the ledger's size.
 */
import type { LedgerSnapshot } from '../metrics/ledger-snapshot.js';
import { renderMetrics } from '../metrics/prometheus-metrics.js';

export interface CachedSnapshot {
  snapshot: LedgerSnapshot;
  metricsText: string;
}

/** A snapshot up to this many refresh periods old is answered while a newer one is read. */
const STALE_FACTOR = 5;

export class SnapshotCache {
  private current: CachedSnapshot | undefined;
  private pending: Promise<CachedSnapshot> | undefined;

  constructor(
    private readonly read: () => Promise<LedgerSnapshot>,
    private readonly refreshMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<CachedSnapshot> {
    const current = this.current;
    if (current && this.now() - current.snapshot.takenAt < this.refreshMs) return current;
    const refresh = this.refresh();
    // Answered from a snapshot a little too old while the newer one is read; one much older (an
    // idle server's first request, or just after a run started or stopped here) waits for the read.
    // refreshMs 0: every request reads the ledger.
    if (current && this.now() - current.snapshot.takenAt < STALE_FACTOR * this.refreshMs) {
      refresh.catch(() => undefined); // the old snapshot is answered meanwhile; the next request retries
      return current;
    }
    return refresh;
  }

  /** Forget the snapshot (a run was just started or stopped through the API): the next request reads the ledger. */
  invalidate(): void {
    if (this.current) this.current = { ...this.current, snapshot: { ...this.current.snapshot, takenAt: 0 } };
  }

  private refresh(): Promise<CachedSnapshot> {
    this.pending ??= (async () => {
      try {
        const snapshot = await this.read();
        // The same ledger content renders the same text: render only what changed.
        const unchanged = this.current?.snapshot.revision === snapshot.revision;
        const next = { snapshot, metricsText: unchanged ? this.current!.metricsText : await renderMetrics(snapshot) };
        this.current = next;
        return next;
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }
}
