export interface Candidate {
  id: number;
  name: string;
  job: string;
  city: string;
  stage: 'Nouveau' | 'Entretien' | 'Relance' | 'Offre';
}

/** Talentia's sample pipeline (invented people). */
export const candidates: readonly Candidate[] = [
  { id: 42, name: 'Camille Roux', job: 'Développeuse back-end', city: 'Lyon', stage: 'Entretien' },
  { id: 43, name: 'Hugo Lefèvre', job: 'Chef de projet', city: 'Nantes', stage: 'Nouveau' },
  { id: 44, name: 'Inès Moreau', job: 'Data analyst', city: 'Paris', stage: 'Offre' },
  { id: 45, name: 'Lucas Garnier', job: 'Commercial B2B', city: 'Lille', stage: 'Relance' },
  { id: 46, name: 'Sarah Benali', job: 'UX designer', city: 'Bordeaux', stage: 'Entretien' },
];
