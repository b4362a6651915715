import type { Employee, FieldMeta } from '@aide/core';
import type { NewTicketModel } from '../../models/new-ticket';
import { usePanel } from '../context';
import { Button } from '../ui/button';
import { Field, FieldGroup } from '../ui/field';
import { fieldId, inputType } from './field-id';

type EmployeeDraft = Record<keyof Employee, string>;

const emptyEmployee = (): EmployeeDraft => ({ name: '', employee_number: '', profile_url: '' });

const columns = [
  { name: 'name', label: 'new.employees.name', type: 'text' },
  { name: 'employee_number', label: 'new.employees.number', type: 'text' },
  { name: 'profile_url', label: 'new.employees.url', type: 'url' },
] as const;

/** One or more employees (name, number, profile link), each in its own labelled group. */
export function EmployeesField(props: {
  model: NewTicketModel;
  field: FieldMeta;
  id: string;
  label: string;
  hint?: string | undefined;
}) {
  const { t } = usePanel();
  const { model, field } = props;
  const base = `fields.${field.name}`;
  const raw = model.fields.value[field.name];
  const employees: EmployeeDraft[] = Array.isArray(raw) ? (raw as EmployeeDraft[]) : [];
  const listError = model.errors.value[base];
  const update = (next: EmployeeDraft[]) => model.setField(field.name, next);
  return (
    <FieldGroup
      id={props.id}
      legend={props.label}
      required={field.required}
      hint={props.hint}
      error={listError}
    >
      {employees.map((employee, index) => {
        const number = index + 1;
        return (
          <fieldset key={index} class="employee">
            <legend>{t('new.employees.item', { index: number })}</legend>
            {columns.map((column) => {
              const path = `${base}.${index}.${column.name}`;
              return (
                <Field
                  key={column.name}
                  id={fieldId(path)}
                  label={t(column.label)}
                  required
                  error={model.errors.value[path]}
                >
                  {(control) => (
                    <input
                      {...control}
                      class="input"
                      type={inputType(column.type)}
                      value={employee[column.name]}
                      onInput={(event) => {
                        const next = employees.map((row, position) =>
                          position === index
                            ? { ...row, [column.name]: event.currentTarget.value }
                            : row,
                        );
                        update(next);
                      }}
                      onBlur={() => model.touch(path)}
                    />
                  )}
                </Field>
              );
            })}
            {employees.length > 1 ? (
              <Button
                variant="ghost"
                onClick={() => update(employees.filter((_, position) => position !== index))}
              >
                {t('new.employees.remove', { index: number })}
              </Button>
            ) : null}
          </fieldset>
        );
      })}
      <Button onClick={() => update([...employees, emptyEmployee()])}>
        {t('new.employees.add')}
      </Button>
    </FieldGroup>
  );
}
