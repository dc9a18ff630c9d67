/**
 * The kubelet model's metrics, with upstream names where the kubelet has them: probe results
 * (`prober_probe_total{probe_type,result}`), evictions (`kubelet_evictions{eviction_signal}`, plus
 * the pod's QoS class, sampled over time); and kubesim's own: container restarts by reason, OOM
 * kills, admission rejections and termination durations (deletion seen to containers stopped).
 */
import type { Counter, Histogram, MetricsSink } from '../../metrics/sink.js';

/** Metric handles of every kubelet in a run. */
export class KubeletMetrics {
  private readonly counters = new Map<string, Counter>();
  private terminationSeconds: Histogram | undefined;

  constructor(private readonly sink: MetricsSink) {}

  /** Seconds from the kubelet seeing a pod's deletion to its containers stopped (created on first use). */
  get termination(): Histogram {
    return (this.terminationSeconds ??= this.sink.histogram('kubesim_pod_termination_duration_seconds'));
  }

  private counter(name: string, labels: Record<string, string>, sampled = false): Counter {
    const id = `${name}|${Object.values(labels).join('|')}`;
    let c = this.counters.get(id);
    if (c === undefined) this.counters.set(id, (c = this.sink.counter(name, labels, sampled)));
    return c;
  }

  /** A container restarted after exiting for `reason` (Completed, Error, OOMKilled, LivenessProbe, StartupProbe). */
  restart(reason: string): Counter {
    return this.counter('kubesim_container_restarts_total', { reason });
  }

  /** One probe's result. */
  probe(type: string, success: boolean): Counter {
    return this.counter('prober_probe_total', { probe_type: type, result: success ? 'successful' : 'failed' });
  }

  /** A container killed for reaching its memory limit. */
  oomKill(): Counter {
    return this.counter('kubesim_container_oom_kills_total', {});
  }

  /** A pod evicted for `signal`, by its QoS class (sampled over time). */
  eviction(signal: string, qos: string): Counter {
    return this.counter('kubelet_evictions', { eviction_signal: signal, qos_class: qos }, true);
  }

  /** A pod rejected at admission for `reason`. */
  rejected(reason: string): Counter {
    return this.counter('kubesim_pod_admission_rejections_total', { reason });
  }
}
