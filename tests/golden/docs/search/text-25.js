__briefingSearch.add("text-25",{"prefix":"z","words":{"zelenskiy":[5],"zelensky":[17],"zelenskyy":[1]}});
