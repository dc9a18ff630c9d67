/**
 * The PriorityClasses a scenario's workload creates (every apply op) and the pods that name one,
 * checked once the whole workload has compiled: a pod naming a class no op creates (and not a
 * built-in one) would be refused by the Priority admission plugin ("no PriorityClass with name
 * ... was found"); a pod giving a numeric priority that differs from its class's is refused too;
 * a second class marked globalDefault is refused when created ("... is already marked as
 * default. Only one default can exist"; plugin/pkg/admission/priority/admission.go).
 */
import { systemPriorityClasses } from '../api/scheduling.js';
import type { CompileContext } from '../scenario/compile-context.js';
import type { InputProblem } from '../scenario/input-error.js';

type Locate = (message: string) => InputProblem;

interface Declared {
  readonly value: number;
}

interface Reference {
  readonly name: string;
  readonly priority: number | undefined;
  readonly locateName: Locate;
  readonly locatePriority: Locate;
}

/** Declared classes and references of one compilation. */
export class PriorityClassCatalog {
  private readonly declared = new Map<string, Declared>();
  private readonly references: Reference[] = [];
  private defaultClass: string | undefined;
  private readonly problems: InputProblem[] = [];

  /** Records a class the workload creates; a second globalDefault is located by `locateGlobalDefault`. */
  declare(name: string, value: number, globalDefault: boolean, locateGlobalDefault: Locate): void {
    this.declared.set(name, { value });
    if (!globalDefault) return;
    if (this.defaultClass === undefined) this.defaultClass = name;
    else this.problems.push(locateGlobalDefault(`PriorityClass ${this.defaultClass} is already marked as default. Only one default can exist`));
  }

  /** Records a pod template naming class `name` (with the numeric `priority` it gives, if any). */
  reference(name: string, priority: number | undefined, locateName: Locate, locatePriority: Locate): void {
    this.references.push({ name, priority, locateName, locatePriority });
  }

  /** Problems of the whole workload. */
  check(): InputProblem[] {
    const out = [...this.problems];
    for (const r of this.references) {
      const value = this.declared.get(r.name)?.value ?? systemPriorityClasses.get(r.name)?.value;
      if (value === undefined) out.push(r.locateName(`no PriorityClass with name ${r.name} was found (not created by any apply op of the workload)`));
      else if (r.priority !== undefined && r.priority !== value) {
        out.push(r.locatePriority(`the integer value of priority (${r.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`));
      }
    }
    return out;
  }
}

const catalogs = new WeakMap<CompileContext, PriorityClassCatalog>();

/** The catalog of the compilation `ctx` belongs to (created with its final check on first use). */
export function priorityClassCatalogOf(ctx: CompileContext): PriorityClassCatalog {
  let c = catalogs.get(ctx.root);
  if (c === undefined) {
    const created = new PriorityClassCatalog();
    catalogs.set(ctx.root, created);
    ctx.root.finalChecks.push(() => ctx.root.problems.push(...created.check()));
    c = created;
  }
  return c;
}
