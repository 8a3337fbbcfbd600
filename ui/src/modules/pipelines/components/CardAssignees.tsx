import { X } from 'lucide-react';

import type { User } from '../../../bindings';
import { initials } from '../utils/board';

export type CardAssigneesProps = {
  assignees: ReadonlyArray<string>;
  /** The organisation's people. */
  users: ReadonlyArray<User>;
  readOnly: boolean;
  onSave: (assignees: string[]) => void;
};

const nameOf = (user: User): string => `${user.first_name} ${user.last_name}`.trim() || user.email;

/** A card's assignees: each removable, and anyone of the organisation added from a menu. */
export const CardAssignees = ({ assignees, users, readOnly, onSave }: CardAssigneesProps) => {
  const byId = new Map(users.map((user) => [user.id, user]));
  const others = users.filter((user) => !assignees.includes(user.id)).sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  return (
    <div className="card-assignees">
      {assignees.length === 0 && readOnly ? <span className="muted">—</span> : null}
      <ul className="card-assignees__list" aria-label="Assignees">
        {assignees.map((id) => {
          const user = byId.get(id);
          // Until the people are read, a name is not known yet (not unknown).
          const name = user ? nameOf(user) : users.length === 0 ? '…' : 'Someone outside the organization';
          return (
            <li key={id} className="card-assignees__person">
              <span className="avatar avatar--small" aria-hidden="true">
                {initials(user ? nameOf(user) : null)}
              </span>
              <span>{name}</span>
              {readOnly ? null : (
                <button type="button" className="icon-button icon-button--small" aria-label={`Remove ${name}`} onClick={() => onSave(assignees.filter((other) => other !== id))}>
                  <X size={12} />
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {readOnly || others.length === 0 ? null : (
        <select
          className="input card-assignees__add"
          aria-label="Add an assignee"
          value=""
          onChange={(event) => {
            if (event.target.value) onSave([...assignees, event.target.value]);
          }}
        >
          <option value="">Add someone…</option>
          {others.map((user) => (
            <option key={user.id} value={user.id}>
              {nameOf(user)}
            </option>
          ))}
        </select>
      )}
    </div>
  );
};
