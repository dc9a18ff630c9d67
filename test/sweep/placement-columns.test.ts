import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placementColumnNames, placementColumns, renderPlacementSummary } from '../../src/sweep/placement-columns.js';

test('placement columns: gpu_* metrics at an arrived load become columns; means ± 95 % CI in percent per variant', () => {
  const run = (a: number, f: number, u: number) => placementColumns({
    'gpu_allocation_ratio{arrived="100%"}': a, 'gpu_fragmentation_ratio{arrived="100%"}': f, 'gpu_unscheduled_pods{arrived="100%"}': u, 'gpu_cluster_milli': 6212000,
  });
  assert.deepEqual(run(0.9, 0.1, 5), { gpu_allocation_ratio_100: 0.9, gpu_fragmentation_ratio_100: 0.1, gpu_unscheduled_pods_100: 5 });
  assert.deepEqual(placementColumns({ 'scheduler_throughput_pods_per_second': 3 }), {});
  assert.deepEqual(placementColumnNames([{ gpu_unscheduled_pods_130: 1, gpu_allocation_ratio_130: 1, gpu_allocation_ratio_100: 1 }]), ['gpu_allocation_ratio_100', 'gpu_allocation_ratio_130', 'gpu_unscheduled_pods_130']);
  const text = renderPlacementSummary([{ id: 'name=FGDScore', rows: [run(0.9, 0.1, 5), run(0.92, 0.08, 7)] }]);
  // mean 91 %, s = 1.414 points, t(0.975, 1) = 12.706: ± 12.71.
  assert.match(text, /name=FGDScore\s+2\s+91\.00±12\.71\s+9\.00±12\.71\s+6±13/);
  assert.equal(renderPlacementSummary([{ id: 'x', rows: [undefined] }]), '');
});
