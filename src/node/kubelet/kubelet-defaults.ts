/** Defaults of the kubelet model's latencies and API client. */

/**
 * Default start latency (µs) from admission to containers started, image pull excluded, without
 * the image model (sandbox and the first container starts together): median 1.5 s, p99 4 s,
 * inside the SIG-scalability SLO of 5 s p99 for stateless pod startup excluding image pulls
 * (REFERENCE.md, kube-apiserver SLOs).
 */
export const defaultStartLatency = { lognormal: { median: 1_500_000, p99: 4_000_000 } } as const;

/**
 * Default pod sandbox step with the image model: 0, since the containerd create and start costs
 * are fitted to the stargz-snapshotter benchmark's whole create-to-run time (REFERENCE.md "Image
 * pulls"), which leaves no separate sandbox time; exposed as `cluster.kubelet.sandboxLatency`.
 */
export const defaultSandboxLatency = { constant: 0 } as const;

/** kubelet client limits `kubeAPIQPS` 50 and `kubeAPIBurst` 100 (KubeletConfiguration defaults since v1.27). */
export const defaultKubeletClient = { qps: 50, burst: 100 } as const;
