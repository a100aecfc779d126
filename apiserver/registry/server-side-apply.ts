import type { KubeObject, ManagedFieldsEntry } from '../../api/meta/v1/object-meta.ts';
import { applyStrategicMergePatch } from '../../api/patch/strategic-merge.ts';
import { fieldMeta, rootStruct, structOf, type StructMeta } from '../../api/patch/patch-meta.ts';
import { nowTimestamp } from './object-meta.ts';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * fieldSet computes a FieldsV1 set of what an apply configuration sets: `f:<field>` for map
 * fields, `k:{"<mergeKey>":…}` for elements of keyed lists (from the kind's patch metadata),
 * atomic lists and scalars as leaves.
 */
export function fieldSet(value: unknown, meta: StructMeta | undefined): Json {
  const out: Json = {};
  if (!isObj(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    const fm = fieldMeta(meta, k);
    if (Array.isArray(v) && fm?.mergeKey) {
      const items: Json = {};
      for (const el of v) if (isObj(el) && el[fm.mergeKey] !== undefined) items[`k:${JSON.stringify({ [fm.mergeKey]: el[fm.mergeKey] })}`] = { '.': {}, ...fieldSet(el, structOf(fm)) };
      out[`f:${k}`] = items;
    } else if (isObj(v) && Object.keys(v).length > 0) {
      out[`f:${k}`] = fieldSet(v, structOf(fm));
    } else out[`f:${k}`] = {};
  }
  return out;
}

/** removeDropped deletes from live every field the manager owned before (prev) and no longer sets (next). */
function removeDropped(live: Json, prev: Json, next: Json, meta: StructMeta | undefined): void {
  for (const [pk, pv] of Object.entries(prev)) {
    if (!pk.startsWith('f:')) continue;
    const field = pk.slice(2);
    const nv = next[pk] as Json | undefined;
    if (nv === undefined) {
      delete live[field];
      continue;
    }
    const fm = fieldMeta(meta, field);
    const lv = live[field];
    if (Array.isArray(lv) && fm?.mergeKey) {
      const key = fm.mergeKey;
      live[field] = lv.filter((el) => {
        if (!isObj(el)) return true;
        const id = `k:${JSON.stringify({ [key]: el[key] })}`;
        if ((pv as Json)[id] !== undefined && nv[id] === undefined) return false;
        if ((pv as Json)[id] !== undefined && nv[id] !== undefined) removeDropped(el, (pv as Json)[id] as Json, nv[id] as Json, structOf(fm));
        return true;
      });
    } else if (isObj(lv) && isObj(pv)) removeDropped(lv, pv, nv, structOf(fm));
  }
}

/**
 * serverSideApply merges an apply configuration into the live object for one field manager:
 * fields the manager applied before and has now dropped are removed, the rest merges with
 * strategic-merge semantics (keyed lists by their merge key), and managedFields records what the
 * manager owns. Ownership conflicts between managers are not detected (force is accepted).
 */
export function serverSideApply(kind: string, live: KubeObject | undefined, config: KubeObject, manager: string, apiVersion: string): KubeObject {
  const meta = rootStruct(kind);
  const nextSet = fieldSet(config, meta);
  const base = structuredClone(live ?? { metadata: {} }) as KubeObject;
  const entries = base.metadata.managedFields ?? [];
  const mine = entries.find((e) => e.manager === manager && e.operation === 'Apply');
  if (mine?.fieldsV1 && isObj(mine.fieldsV1)) removeDropped(base as unknown as Json, mine.fieldsV1, nextSet, meta);
  const merged = applyStrategicMergePatch(kind, base, config) as KubeObject;
  const entry: ManagedFieldsEntry = { manager, operation: 'Apply', apiVersion, time: nowTimestamp(), fieldsType: 'FieldsV1', fieldsV1: nextSet };
  merged.metadata = { ...merged.metadata, managedFields: [...entries.filter((e) => e !== mine), entry] };
  return merged;
}
