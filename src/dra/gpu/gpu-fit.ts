/**
 * Whether a GPU request fits a node's GPUs and which GPUs it would take: first fit (Reserve's
 * default), best fit, random fit and the exclusive choice of whole GPUs, after the open-gpu-share
 * allocators of the FGD paper's simulator (pkg/simulator/plugin/open_gpu_share.go,
 * pkg/type/resource.go AllocateExclusiveGpuId).
 */
import type { RandomStream } from '../../engine/rng.js';
import { GpuMilli, modelAccepted, type GpuRequest, type NodeGpus } from './node-gpus.js';

/** True when `gpus` is of an accepted model and has `count` GPUs with at least `milli` free each. */
export function gpuRequestFits(req: GpuRequest, gpus: NodeGpus | undefined): boolean {
  if (gpus === undefined || !modelAccepted(req, gpus.model)) return false;
  let n = 0;
  const free = gpus.milliFree;
  for (let i = 0; i < free.length; i++) if ((free[i] as number) >= req.milli && ++n >= req.count) return true;
  return false;
}

/** True when the request takes a share of one GPU (count 1, milli below a whole GPU). */
export function isFractional(req: GpuRequest): boolean {
  return req.count === 1 && req.milli < GpuMilli;
}

/** The first `count` GPUs with enough free milli, in index order; undefined when there are not enough. */
export function firstFit(req: GpuRequest, gpus: NodeGpus): number[] | undefined {
  const out: number[] = [];
  const free = gpus.milliFree;
  for (let i = 0; i < free.length && out.length < req.count; i++) if ((free[i] as number) >= req.milli) out.push(i);
  return out.length === req.count ? out : undefined;
}

/** For a share of one GPU: the GPU with the least free milli that still fits (lowest index on ties); whole GPUs: exclusive choice. */
export function bestFit(req: GpuRequest, gpus: NodeGpus): number[] | undefined {
  if (!isFractional(req)) return exclusiveGpus(req, gpus);
  const free = gpus.milliFree;
  let best = -1;
  for (let i = 0; i < free.length; i++) {
    const f = free[i] as number;
    if (f >= req.milli && (best < 0 || f < (free[best] as number))) best = i;
  }
  return best < 0 ? undefined : [best];
}

/** For a share of one GPU: a GPU chosen uniformly among those that fit (reservoir sampling on `rng`); whole GPUs: exclusive choice. */
export function randomFit(req: GpuRequest, gpus: NodeGpus, rng: RandomStream): number[] | undefined {
  if (!isFractional(req)) return exclusiveGpus(req, gpus);
  const free = gpus.milliFree;
  let chosen = -1;
  let seen = 0;
  for (let i = 0; i < free.length; i++) if ((free[i] as number) >= req.milli && rng.int(++seen) === 0) chosen = i;
  return chosen < 0 ? undefined : [chosen];
}

/** The first `count` wholly free GPUs in index order (upstream AllocateExclusiveGpuId); undefined when there are not enough. */
export function exclusiveGpus(req: GpuRequest, gpus: NodeGpus): number[] | undefined {
  const out: number[] = [];
  const free = gpus.milliFree;
  for (let i = 0; i < free.length && out.length < req.count; i++) if (free[i] === GpuMilli) out.push(i);
  return out.length === req.count ? out : undefined;
}
