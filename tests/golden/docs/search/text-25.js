__briefingSearch.add("text-25",{"prefix":"z","words":{"zelenskiy":[1],"zelensky":[4],"zelenskyy":[0]}});
