import type { ButtonHTMLAttributes, ReactNode } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  icon?: ReactNode;
};

export const Button = ({
  variant = 'secondary',
  icon,
  children,
  className,
  type = 'button',
  ...rest
}: ButtonProps) => (
  <button type={type} className={`button button--${variant}${className ? ` ${className}` : ''}`} {...rest}>
    {icon}
    {children}
  </button>
);
