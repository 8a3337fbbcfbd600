import { ArrowDown, ArrowUp, Plus, X } from 'lucide-react';

import { Button } from '../../../ui/Button';
import { newQuestionId, QUESTION_TYPES, type FieldErrors, type Question, type QuestionType } from '../utils/bookingForm';

export type QuestionsEditorProps = {
  questions: ReadonlyArray<Question>;
  errors: FieldErrors;
  onChange: (questions: Question[]) => void;
};

/** The questions a visitor answers when booking: add, remove, reorder; label, kind, required. */
export const QuestionsEditor = ({ questions, errors, onChange }: QuestionsEditorProps) => {
  const update = (index: number, patch: Partial<Question>) =>
    onChange(questions.map((question, i) => (i === index ? { ...question, ...patch } : question)));

  const move = (index: number, by: number) => {
    const next = [...questions];
    const [moved] = next.splice(index, 1);
    if (!moved) return;
    next.splice(index + by, 0, moved);
    onChange(next);
  };

  return (
    <div className="questions-editor">
      {questions.length === 0 ? <p className="muted">Visitors give their name, email and phone. Add questions to ask more.</p> : null}
      {questions.map((question, index) => {
        const error = errors[`questions.${index}`];
        return (
          <div key={question.id} className={`question-row${error ? ' field--invalid' : ''}`}>
            <input
              className="input"
              aria-label={`Question ${index + 1}`}
              placeholder="What would you like to discuss?"
              value={question.label}
              aria-invalid={error ? true : undefined}
              onChange={(event) => update(index, { label: event.target.value })}
            />
            <select
              className="input"
              aria-label={`Question ${index + 1} kind`}
              value={question.type}
              onChange={(event) => update(index, { type: event.target.value as QuestionType })}
            >
              {QUESTION_TYPES.map((type) => (
                <option key={type.value} value={type.value}>
                  {type.label}
                </option>
              ))}
            </select>
            <label className="question-row__required">
              <input
                type="checkbox"
                className="checkbox"
                checked={question.required}
                onChange={(event) => update(index, { required: event.target.checked })}
              />
              Required
            </label>
            <span className="question-row__actions">
              <button type="button" className="icon-button" aria-label={`Move question ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                <ArrowUp size={14} />
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Move question ${index + 1} down`}
                disabled={index === questions.length - 1}
                onClick={() => move(index, 1)}
              >
                <ArrowDown size={14} />
              </button>
              <button type="button" className="icon-button" aria-label={`Remove question ${index + 1}`} onClick={() => onChange(questions.filter((_, i) => i !== index))}>
                <X size={14} />
              </button>
            </span>
            {error ? <p className="field__hint field__hint--error question-row__error">{error}</p> : null}
          </div>
        );
      })}
      <div>
        <Button
          variant="ghost"
          className="button--small"
          icon={<Plus size={13} />}
          onClick={() => onChange([...questions, { id: newQuestionId(), label: '', type: 'text', required: false }])}
        >
          Add question
        </Button>
      </div>
    </div>
  );
};
