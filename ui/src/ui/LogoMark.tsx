export type LogoMarkProps = {
  size?: number;
};

/** The product's mark: a blue rounded square holding a stylised "A". */
export const LogoMark = ({ size = 24 }: LogoMarkProps) => (
  <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" className="logo-mark">
    <rect width="24" height="24" rx="6" fill="#2563eb" />
    <path d="M7 17.5 12 6.5l5 11" fill="none" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    <path d="M9.2 13.5h5.6" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
  </svg>
);
