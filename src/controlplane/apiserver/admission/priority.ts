/**
 * The Priority admission plugin (plugin/pkg/admission/priority/admission.go, enabled by default):
 * a pod created naming `priorityClassName` gets `spec.priority` and `spec.preemptionPolicy` from
 * that PriorityClass (the built-in system-cluster-critical and system-node-critical always
 * exist); a pod naming none gets the class marked `globalDefault` (the lowest-valued one if
 * several), or keeps priority 0. A class that does not exist is a 403. kubesim keeps a numeric
 * `spec.priority` given without a class (upstream rejects it; scenarios use it as a shorthand).
 */
import type { NewObject, ObjectStore } from '../../../api/object-store.js';
import { systemPriorityClasses, type PriorityClass } from '../../../api/scheduling.js';

/** Outcome of admission: the pod as admitted, or the 403 message. */
export type PriorityAdmission = { readonly pod: NewObject<'Pod'> } | { readonly forbidden: string };

/** The globalDefault class with the lowest value (getDefaultPriorityClass), if any. */
function defaultClass(store: ObjectStore): PriorityClass | undefined {
  let found: PriorityClass | undefined;
  for (const pc of store.list('PriorityClass')) if (pc.spec.globalDefault && (found === undefined || pc.spec.value < found.spec.value)) found = pc;
  return found;
}

/** Admits `pod` against the PriorityClasses in `store`. */
export function admitPriority(store: ObjectStore, pod: NewObject<'Pod'>): PriorityAdmission {
  const name = pod.spec.priorityClassName;
  let value: number;
  let policy: 'PreemptLowerPriority' | 'Never';
  let className: string;
  if (name === undefined || name === '') {
    const d = pod.spec.priority === 0 ? defaultClass(store) : undefined;
    if (d === undefined) return { pod };
    ({ value, preemptionPolicy: policy } = d.spec);
    className = d.metadata.name;
  } else {
    const pc = store.get('PriorityClass', name)?.spec ?? systemPriorityClasses.get(name);
    if (pc === undefined) return { forbidden: `pods "${pod.metadata.name}" is forbidden: no PriorityClass with name ${name} was found` };
    ({ value, preemptionPolicy: policy } = pc);
    className = name;
  }
  return { pod: { ...pod, spec: { ...pod.spec, priorityClassName: className, priority: value, preemptionPolicy: policy } } };
}
