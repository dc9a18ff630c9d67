// Standalone runner: node dist/bench/engine-hold-main.js

import { benchEngineHold } from './engine-hold.js';

const rows = await benchEngineHold();
console.table(
  rows.map((r) => ({
    name: r.name,
    pending: r.pending,
    'events/s': `${(r.eventsPerSecond / 1e6).toFixed(2)} M`,
    'ns/event': r.nsPerEvent.toFixed(1),
    'vs flatqueue': `${r.ratioToFlatqueue.toFixed(2)}x`,
  })),
);
