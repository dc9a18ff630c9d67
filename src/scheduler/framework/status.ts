/** Plugin results as the scheduler framework's Status, with the upstream codes. `null` is Success (upstream's nil *Status). */

/** Status codes of k8s.io/kubernetes/pkg/scheduler/framework. */
export const Code = {
  Success: 0,
  Error: 1,
  Unschedulable: 2,
  UnschedulableAndUnresolvable: 3,
  Wait: 4,
  Skip: 5,
  Pending: 6,
} as const;

/** One of the Code values. */
export type StatusCode = (typeof Code)[keyof typeof Code];

/** A non-success result with reasons and the plugin that returned it. */
export class Status {
  constructor(readonly code: StatusCode, readonly reasons: readonly string[] = [], public plugin = '') {}

  /** True for Unschedulable and UnschedulableAndUnresolvable. */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable;
  }

  /** The reasons joined as upstream's Status.Message(). */
  message(): string {
    return this.reasons.join(', ');
  }
}

/** A plugin's result: null for Success, else a Status. */
export type Result = Status | null;

/** Unschedulable with reasons (preemption may help). */
export function unschedulable(...reasons: string[]): Status {
  return new Status(Code.Unschedulable, reasons);
}

/** UnschedulableAndUnresolvable with reasons (preemption cannot help on that node). */
export function unresolvable(...reasons: string[]): Status {
  return new Status(Code.UnschedulableAndUnresolvable, reasons);
}

/** An internal error. */
export function asError(message: string): Status {
  return new Status(Code.Error, [message]);
}

/** Skip: the plugin has nothing to do for this pod at this point (and its later points are skipped). */
export const skip = new Status(Code.Skip);

/** Highest score a Score plugin may return after normalisation (framework.MaxNodeScore). */
export const MaxNodeScore = 100;
