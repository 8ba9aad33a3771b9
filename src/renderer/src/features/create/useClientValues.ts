import { useMemo, useState } from 'react';
import { deriveMythicId, randomSuffix } from '../../../../shared/mythic-id';
import type { Environment } from '../../../../shared/domain';
import { defaultClientName, ENVIRONMENT_LABELS } from '../../lib/format';
import { useClients } from '../clients/store';
import { emptyMythicForm, type MythicFormValues } from './mythic-form';

/**
 * The create form's values: a prefilled name and, for Mythic, an id derived from the name until
 * the id is typed in. `change` returns the fields it changed (a name can change the id too).
 */
export function useClientValues(environment: Environment) {
  const suffix = useMemo(() => randomSuffix(), []);
  const [values, setValues] = useState<MythicFormValues>(() => {
    const active = useClients.getState().counts?.[environment] ?? 0;
    const name = defaultClientName(ENVIRONMENT_LABELS[environment], active + 1);
    return emptyMythicForm(deriveMythicId(name, suffix), name);
  });
  const [idEdited, setIdEdited] = useState(false);

  const change = <K extends keyof MythicFormValues>(key: K, value: MythicFormValues[K]): string[] => {
    if (key === 'id') setIdEdited(true);
    const derive = key === 'name' && !idEdited;
    setValues((v) => ({
      ...v,
      [key]: value,
      ...(derive ? { id: deriveMythicId(String(value), suffix) } : {}),
    }));
    return derive ? [key, 'id'] : [key];
  };

  return { values, change };
}
