import type { FieldKind, FieldMeta } from './field';

// Field metadata of the built-in categories follows one key convention:
// field.<name>.label, field.<name>.help, field.<name>.placeholder, field.<name>.option.<value>.

interface FieldMetaOptions {
  order: number;
  required: boolean;
  help?: boolean;
  placeholder?: boolean;
  options?: readonly string[];
  visible_when?: FieldMeta['visible_when'];
  multiple?: boolean;
  accept?: string[];
  max_length?: number;
}

/** Metadata of a built-in field, with message keys derived from its name. */
export function builtInField(name: string, kind: FieldKind, options: FieldMetaOptions): FieldMeta {
  const meta: FieldMeta = {
    name,
    kind,
    label_key: `field.${name}.label`,
    order: options.order,
    required: options.required,
  };
  if (options.help === true) {
    meta.help_key = `field.${name}.help`;
  }
  if (options.placeholder === true) {
    meta.placeholder_key = `field.${name}.placeholder`;
  }
  if (options.options !== undefined) {
    meta.options = options.options.map((value) => ({
      value,
      label_key: `field.${name}.option.${value}`,
    }));
  }
  if (options.visible_when !== undefined) {
    meta.visible_when = options.visible_when;
  }
  if (options.multiple !== undefined) {
    meta.multiple = options.multiple;
  }
  if (options.accept !== undefined) {
    meta.accept = options.accept;
  }
  if (options.max_length !== undefined) {
    meta.max_length = options.max_length;
  }
  return meta;
}
