import type { SafeHtml } from '../jsx/jsx-runtime.ts';
import type { FieldErrors } from '../forms/form-input.ts';

export interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly value?: string | undefined;
  readonly type?: 'text' | 'password' | 'email' | 'tel' | 'search' | 'number';
  readonly errors?: FieldErrors;
  readonly hint?: string;
  readonly required?: boolean;
  readonly autocomplete?: string;
  readonly maxlength?: number;
}

/**
 * A labelled input with its errors beside it: `aria-invalid` and `aria-describedby` tie them to the field, and
 * the page's script focuses the first invalid field.
 */
export function Field(props: FieldProps): SafeHtml {
  const id = `field-${props.name}`;
  const errors = props.errors?.[props.name] ?? [];
  const described = [props.hint ? `${id}-hint` : '', errors.length > 0 ? `${id}-error` : '']
    .filter((part) => part !== '')
    .join(' ');
  return (
    <label for={id}>
      {props.label}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        maxlength={props.maxlength}
        aria-invalid={errors.length > 0 ? 'true' : undefined}
        aria-describedby={described === '' ? undefined : described}
      />
      {props.hint ? <small id={`${id}-hint`}>{props.hint}</small> : null}
      {errors.length > 0 ? (
        <small id={`${id}-error`} class="field-error">
          {errors.join(' ')}
        </small>
      ) : null}
    </label>
  );
}
